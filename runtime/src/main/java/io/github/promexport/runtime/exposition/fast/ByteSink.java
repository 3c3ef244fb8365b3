package io.github.promexport.runtime.exposition.fast;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;

/**
 * A byte buffer that formats numbers exactly as the Prometheus client's text writers do
 * ({@code TextFormatUtil.writeDouble} and {@code writeLong}), without a {@code Writer} or a {@code String} per
 * line. Not thread-safe: one scrape owns one sink.
 * <p>
 * While {@link #streamTo streaming}, the buffer never grows: whenever the next write does not fit, what it holds
 * goes to the target stream first (except the last {@link #holdBack} bytes, which a caller may still
 * {@link #truncate}), and a write larger than the whole buffer goes straight through. A failure of the target
 * stream surfaces as an {@link UncheckedIOException}, so that the writing methods keep their signatures; the
 * scrape unwraps it. Without a target it grows as needed.
 */
final class ByteSink extends OutputStream {

    private static final byte[] PLUS_INF = { '+', 'I', 'n', 'f' };
    private static final byte[] MINUS_INF = { '-', 'I', 'n', 'f' };
    private static final byte[] NAN = { 'N', 'a', 'N' };
    private static final byte[] MIN_LONG = Long.toString(Long.MIN_VALUE).getBytes();
    /** Below this magnitude {@link Double#toString(double)} writes integral values as plain digits and ".0". */
    private static final double PLAIN_LIMIT = 1e7;
    /**
     * The short decimals {@link #writeDouble} writes itself: {@code m / 10^k} (the double nearest to it) for
     * {@code 1 <= k <= }{@value #SHORT_MAX_DECIMALS} and {@code |m| < }{@value #SHORT_LIMIT}, at least
     * {@value #SHORT_MIN} in magnitude (below it {@link Double#toString(double)} switches to E notation). Java 17's
     * {@link Double#toString(double)} writes each of them as its plain decimal, which a test checks for every one.
     */
    static final int SHORT_MAX_DECIMALS = 6;
    static final long SHORT_LIMIT = 1_000_000;
    static final double SHORT_MIN = 1e-3;
    private static final double[] POWERS_OF_TEN = { 1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6 };
    private static final long[] LONG_POWERS_OF_TEN = { 1L, 10L, 100L, 1_000L, 10_000L, 100_000L, 1_000_000L };

    private byte[] buf;
    private int size;
    private OutputStream target;
    private int holdBack;

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

    /** Drops the bytes after {@code newSize}; they must still be held ({@link #holdBack}). */
    void truncate(int newSize) {
        if (newSize < 0) {
            throw new IllegalStateException("Truncating bytes already sent");
        }
        size = newSize;
    }

    void writeTo(OutputStream out) throws IOException {
        out.write(buf, 0, size);
    }

    /** From now on, sends what does not fit to {@code out} instead of growing; {@code null} stops streaming. */
    void streamTo(OutputStream out) {
        target = out;
        holdBack = 0;
    }

    /** While streaming, keeps at least the last {@code bytes} bytes written in the buffer. */
    void holdBack(int bytes) {
        holdBack = bytes;
    }

    /** Sends everything held to the target. */
    void drainAll() {
        holdBack = 0;
        drain();
    }

    private void drain() {
        int keep = Math.min(holdBack, size);
        int length = size - keep;
        if (length == 0) {
            return;
        }
        try {
            target.write(buf, 0, length);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        System.arraycopy(buf, length, buf, 0, keep);
        size = keep;
    }

    private void ensure(int extra) {
        if (size + extra > buf.length) {
            if (target != null) {
                drain();
                if (size + extra <= buf.length) {
                    return;
                }
            }
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
        if (target != null && size + length > buf.length) {
            drain();
            if (size + length > buf.length && size == 0) {
                // Larger than the whole buffer: straight through rather than growing.
                try {
                    target.write(bytes, offset, length);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                return;
            }
        }
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
        } else if (!writeShortDecimal(value)) {
            writeAscii(Double.toString(value));
        }
    }

    /**
     * Writes {@code value} as {@link Double#toString(double)} would when it is one of the short decimals (see
     * {@link #SHORT_MAX_DECIMALS}), without the {@code String}; returns {@code false}, having written nothing,
     * otherwise. Gauges and sums in seconds are mostly such values, and this skips the JDK's general algorithm and
     * its allocations for them.
     */
    private boolean writeShortDecimal(double value) {
        double magnitude = Math.abs(value);
        if (!(magnitude >= SHORT_MIN && magnitude < SHORT_LIMIT)) {
            return false;
        }
        for (int k = 1; k <= SHORT_MAX_DECIMALS; k++) {
            double scaled = magnitude * POWERS_OF_TEN[k];
            if (scaled >= SHORT_LIMIT) {
                return false;
            }
            double m = Math.rint(scaled);
            if (m >= SHORT_LIMIT) {
                return false;
            }
            // m / 10^k is correctly rounded: the double nearest to the decimal, as Double.parseDouble reads it.
            if (m / POWERS_OF_TEN[k] == magnitude) {
                writeDecimal(value < 0, (long) m, k);
                return true;
            }
        }
        return false;
    }

    /** {@code [-]digits.decimals}, the decimals without trailing zeros but at least one. */
    private void writeDecimal(boolean negative, long m, int k) {
        ensure(SHORT_MAX_DECIMALS + 10);
        if (negative) {
            buf[size++] = '-';
        }
        long unit = LONG_POWERS_OF_TEN[k];
        writeDigits(m / unit);
        buf[size++] = '.';
        long fraction = m % unit;
        int decimals = k;
        while (decimals > 1 && fraction % 10 == 0) {
            fraction /= 10;
            decimals--;
        }
        int end = size + decimals;
        for (int i = end - 1; i >= size; i--) {
            buf[i] = (byte) ('0' + (fraction % 10));
            fraction /= 10;
        }
        size = end;
    }
}
