package io.qtj.samples;

/** Skeleton. */
public final class Main {
    private Main() { }

    /** Entry point. */
    public static void main(String[] args) {
        System.out.println("qtj samples: not yet");
    }
}
