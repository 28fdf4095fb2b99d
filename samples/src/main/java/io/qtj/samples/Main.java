package io.qtj.samples;

import java.util.Arrays;

/**
 * The samples' launcher: {@code java -jar samples/target/qtj-samples.jar NAME [options]}, where NAME
 * is one of the samples {@code --help} lists. Each sample's exit code becomes the process's: 0 on
 * success, 1 on a run-time error (printed as {@code error: <errorString>}), 2 for a bad command
 * line. See docs/samples.md.
 */
public final class Main {
    private Main() {
    }

    /** Entry point: runs the sample named by {@code args[0]} with the remaining arguments. */
    public static void main(String[] args) {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h")) {
            printHelp();
            System.exit(args.length == 0 ? 2 : 0);
            return;
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        int code = switch (args[0]) {
            case "fortune-server" -> FortuneServer.run(rest);
            case "threaded-fortune-server" -> ThreadedFortuneServer.run(rest);
            case "fortune-client" -> FortuneClient.run(rest);
            case "blocking-fortune-client" -> BlockingFortuneClient.run(rest);
            case "loopback" -> Loopback.run(rest);
            default -> {
                Stdio.ERR.println("error: unknown sample " + args[0] + " (see --help)");
                yield 2;
            }
        };
        System.exit(code);
    }

    private static void printHelp() {
        var out = Stdio.OUT;
        out.println("usage: java -jar qtj-samples.jar NAME [options]");
        out.println("samples (ports of Qt 5.15's network examples):");
        out.println("  fortune-server [--host ADDR] [--port N] [--fortune 0..7]");
        out.println("      Fortune Server: one fortune per connection; serves until stdin closes");
        out.println("  threaded-fortune-server [--host ADDR] [--port N] [--fortune 0..7]");
        out.println("      Threaded Fortune Server: each connection served in its own QThread");
        out.println("  fortune-client [--host ADDR] --port N [--proxy URL]");
        out.println("      Fortune Client: event-loop driven; prints the fortune");
        out.println("  blocking-fortune-client [--host ADDR] --port N [--proxy URL]");
        out.println("      Blocking Fortune Client: waitFor... API in a worker QThread; prints the fortune");
        out.println("  loopback [--bytes N]");
        out.println("      Loopback: a server and a client in one process, progress shown");
        out.println("defaults: --host 127.0.0.1, --port 0 (any free port) for the servers;");
        out.println("--fortune (a qtj addition for tests) always serves that fortune instead of a random one;");
        out.println("--proxy (a qtj addition) connects through socks5://[user:pass@]host[:port] or http://...");
    }
}
