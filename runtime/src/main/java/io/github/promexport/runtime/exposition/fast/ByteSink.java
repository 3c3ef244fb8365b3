package io.github.promexport.runtime.exposition.fast;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * A growable byte buffer that formats numbers exactly as the Prometheus client's text writers do
 * ({@code TextFormatUtil.writeDouble} and {@code writeLong}), without a {@code Writer} or a {@code String} per
 * line. Not thread-safe: one scrape owns one sink.
 */
final class ByteSink extends OutputStream {

    private static final byte[] PLUS_INF = { '+', 'I', 'n', 'f' };
    private static final byte[] MINUS_INF = { '-', 'I', 'n', 'f' };
    private static final byte[] NAN = { 'N', 'a', 'N' };
    private static final byte[] MIN_LONG = Long.toString(Long.MIN_VALUE).getBytes();
    /** Below this magnitude {@link Double#toString(double)} writes integral values as plain digits and ".0". */
    private static final double PLAIN_LIMIT = 1e7;

    private byte[] buf;
    private int size;

    ByteSink(int capacity) {
        buf = new byte[capacity];
    }

    int size() {
        return size;
    }

    int capacity() {
        return buf.length;
    }

    void reset() {
        size = 0;
    }

    void truncate(int newSize) {
        size = newSize;
    }

    void writeTo(OutputStream out) throws IOException {
        out.write(buf, 0, size);
    }

    private void ensure(int extra) {
        if (size + extra > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + extra));
        }
    }

    @Override
    public void write(int b) {
        ensure(1);
        buf[size++] = (byte) b;
    }

    @Override
    public void write(byte[] bytes) {
        write(bytes, 0, bytes.length);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) {
        ensure(length);
        System.arraycopy(bytes, offset, buf, size, length);
        size += length;
    }

    /** Writes an ASCII-only string, as {@link Double#toString(double)} returns. */
    void writeAscii(String s) {
        int length = s.length();
        ensure(length);
        for (int i = 0; i < length; i++) {
            buf[size++] = (byte) s.charAt(i);
        }
    }

    /** {@code TextFormatUtil.writeLong}: {@link Long#toString(long)}. */
    void writeLong(long value) {
        if (value == Long.MIN_VALUE) {
            write(MIN_LONG);
            return;
        }
        ensure(20);
        if (value < 0) {
            buf[size++] = '-';
            value = -value;
        }
        writeDigits(value);
    }

    private void writeDigits(long value) {
        int digits = 1;
        for (long v = value; v >= 10; v /= 10) {
            digits++;
        }
        int end = size + digits;
        for (int i = end - 1; i >= size; i--) {
            buf[i] = (byte) ('0' + (value % 10));
            value /= 10;
        }
        size = end;
    }

    /**
     * {@code TextFormatUtil.writeDouble}: {@code +Inf}, {@code -Inf}, otherwise {@link Double#toString(double)}.
     * Integral values below 1e7 in magnitude take a shortcut that gives the same characters.
     */
    void writeDouble(double value) {
        if (value == Double.POSITIVE_INFINITY) {
            write(PLUS_INF);
        } else if (value == Double.NEGATIVE_INFINITY) {
            write(MINUS_INF);
        } else if (value != value) {
            write(NAN);
        } else if (value > -PLAIN_LIMIT && value < PLAIN_LIMIT && value == (long) value) {
            ensure(12);
            long integral = (long) value;
            if (integral < 0 || (integral == 0 && Double.doubleToRawLongBits(value) != 0)) {
                buf[size++] = '-';
                integral = -integral;
            }
            writeDigits(integral);
            buf[size++] = '.';
            buf[size++] = '0';
        } else {
            writeAscii(Double.toString(value));
        }
    }
}
