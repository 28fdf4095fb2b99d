package io.qtj.core.internal;

import io.qtj.core.QIODevice;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Objects;

/**
 * The blocking {@code java.io} adapters behind {@link QIODevice#inputStream()} and
 * {@link QIODevice#outputStream()}. They use only the device's public API. <b>Not API.</b>
 */
public final class IODeviceStreams {
    private IODeviceStreams() {
    }

    /** Returns an InputStream over {@code device}; see {@link QIODevice#inputStream()}. */
    public static InputStream inputStream(QIODevice device) {
        return new DeviceInputStream(device);
    }

    /** Returns an OutputStream over {@code device}; see {@link QIODevice#outputStream()}. */
    public static OutputStream outputStream(QIODevice device) {
        return new DeviceOutputStream(device);
    }

    private static final class DeviceInputStream extends InputStream {
        private final QIODevice device;
        private final byte[] one = new byte[1];

        DeviceInputStream(QIODevice device) {
            this.device = device;
        }

        @Override
        public int read() {
            return read(one, 0, 1) == 1 ? one[0] & 0xff : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            Objects.checkFromIndexSize(off, len, b.length);
            if (len == 0) {
                return 0;
            }
            while (true) {
                if (!device.isReadable()) {
                    return -1;
                }
                int n = device.read(b, off, len);
                if (n != 0) {
                    return n > 0 ? n : -1;
                }
                if (!device.isSequential() || !device.waitForReadyRead(-1)) {
                    n = device.isReadable() ? device.read(b, off, len) : -1;
                    return n > 0 ? n : -1;
                }
            }
        }

        @Override
        public int available() {
            return device.isReadable() ? (int) Math.min(Math.max(device.bytesAvailable(), 0), Integer.MAX_VALUE) : 0;
        }

        @Override
        public long skip(long n) {
            return n <= 0 || !device.isReadable() ? 0 : Math.max(device.skip(n), 0);
        }
    }

    private static final class DeviceOutputStream extends OutputStream {
        private final QIODevice device;
        private final byte[] one = new byte[1];

        DeviceOutputStream(QIODevice device) {
            this.device = device;
        }

        @Override
        public void write(int b) throws IOException {
            one[0] = (byte) b;
            write(one, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            Objects.checkFromIndexSize(off, len, b.length);
            while (len > 0) {
                long w = device.write(b, off, len);
                if (w < 0 || (w == 0 && !(device.isSequential() && device.waitForBytesWritten(-1)))) {
                    throw new IOException(device + ": write failed: " + device.errorString());
                }
                off += (int) w;
                len -= (int) w;
            }
        }

        @Override
        public void flush() {
            while (device.bytesToWrite() > 0 && device.waitForBytesWritten(-1)) {
                // keep waiting until everything is out or the device fails
            }
        }
    }
}
