package io.qtj.samples;

import java.util.Arrays;

/**
 * The samples' launcher: {@code java -jar samples/target/qtj-samples.jar NAME [options]}.
 * See docs and API.md's "The samples' command line".
 */
public final class Main {
    private Main() {
    }

    /** Entry point. */
    public static void main(String[] args) {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h")) {
            System.out.println("usage: java -jar qtj-samples.jar NAME [options]");
            System.out.println("samples:");
            System.out.println("  loopback [--bytes N]   Qt's Loopback example: a server and a client in one process");
            System.exit(args.length == 0 ? 2 : 0);
            return;
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        int code;
        switch (args[0]) {
            case "loopback" -> code = Loopback.run(rest);
            default -> {
                System.err.println("error: unknown sample " + args[0] + " (see --help)");
                code = 2;
            }
        }
        System.exit(code);
    }
}
