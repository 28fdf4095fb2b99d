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

    /** The arrival check: the counting pattern from any stream offset, across payload boundaries. */
    @Test
    void theCheckFindsTheFirstCorruptedByteAtItsStreamOffset() {
        long start = 5L * Loopback.PAYLOAD_SIZE + 77;   // not a multiple of 256
        byte[] chunk = new byte[2 * Loopback.PAYLOAD_SIZE + 10];   // spans three compare slices
        for (int i = 0; i < chunk.length; i++) {
            chunk[i] = (byte) (start + i);
        }
        assertEquals(-1, Loopback.firstCorrupted(chunk, start));
        assertEquals(start + 1, Loopback.firstCorrupted(chunk, start + 1), "shifted by one: the first byte is wrong");
        int at = Loopback.PAYLOAD_SIZE + 3;   // in the second slice
        chunk[at] ^= 1;
        assertEquals(start + at, Loopback.firstCorrupted(chunk, start));
        chunk[at] ^= 1;
        chunk[chunk.length - 1] ^= (byte) 0x80;   // the last byte of the last, short slice
        assertEquals(start + chunk.length - 1, Loopback.firstCorrupted(chunk, start));
        assertEquals(-1, Loopback.firstCorrupted(new byte[0], start));
    }

    @Test
    void badOptionIsAClearError() throws Exception {
        Process p = launch("loopback", "--bytes", "lots");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(2, p.waitFor());
        assertTrue(out.contains("error: --bytes: lots is not a number"), out);
    }
}
