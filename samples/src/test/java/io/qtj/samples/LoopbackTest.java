package io.qtj.samples;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Runs the Loopback sample as a user would: a separate JVM, real loopback sockets. */
@Timeout(120)
class LoopbackTest {
    private static Process launch(String... args) throws Exception {
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        List<String> cmd = new java.util.ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                "io.qtj.samples.Main"));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectErrorStream(true).start();
    }

    @Test
    void transfersEveryByteAndReportsThroughput() throws Exception {
        Process p = launch("loopback", "--bytes", "3000000");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        String[] lines = out.strip().split("\n");
        String last = lines[lines.length - 1];
        assertTrue(last.matches("transferred 3000000 bytes in \\d+ ms \\([0-9.]+ MB/s\\)"), last);
        assertTrue(out.contains("Sent 2 MB, received 2 MB"), "progress of both sides is shown: " + out);
    }

    @Test
    void badOptionIsAClearError() throws Exception {
        Process p = launch("loopback", "--bytes", "lots");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(2, p.waitFor());
        assertTrue(out.contains("error: --bytes: lots is not a number"), out);
    }
}
