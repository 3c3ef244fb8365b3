package io.github.promexport.runtime.exposition.fast;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** {@code TextFormatUtil.writeDouble} and {@code writeLong}: {@code Double.toString}, {@code +Inf}, {@code -Inf}. */
class ByteSinkFormatsNumbersAsTheClientTest {

    @Test
    void doublesEqualTheClientFormatting() {
        double[] edges = { 0.0, -0.0, 1.0, -1.0, 0.5, 1e-3, 9.99e-4, 1e7, -1e7, 9999999.0, -9999999.0, 1e7 - 0.5,
                123456789.0, Long.MAX_VALUE, Long.MIN_VALUE, 1e300, Double.MIN_VALUE, Double.MAX_VALUE, Double.NaN,
                Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.1 + 0.2, 42.5, 3.0E-5 };
        for (double d : edges) {
            assertDouble(d);
        }
        Random random = new Random(7);
        for (int i = 0; i < 200_000; i++) {
            assertDouble(random.nextInt(20_000_000) - 10_000_000);
            assertDouble(random.nextDouble() * Math.pow(10, random.nextInt(30) - 10));
            assertDouble(Double.longBitsToDouble(random.nextLong()));
        }
    }

    /**
     * Every value the short-decimal shortcut can write, in both signs: {@code m / 10^k} for {@code 1 <= k <= 6} and
     * {@code 10^(k-3) <= m < 10^6}. The shortcut only writes values it has checked to be one of these, so this
     * proves it byte for byte against this JVM's {@code Double.toString}.
     */
    @Test
    void everyShortDecimalEqualsDoubleToString() {
        ByteSink sink = new ByteSink(64);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long checked = 0;
        for (int k = 1; k <= ByteSink.SHORT_MAX_DECIMALS; k++) {
            double unit = Double.parseDouble("1e" + k);
            long first = k <= 3 ? 1 : Long.parseLong("1" + "0".repeat(k - 3));
            for (long m = first; m < ByteSink.SHORT_LIMIT; m++) {
                double d = m / unit;
                assertWritten(sink, out, d);
                assertWritten(sink, out, -d);
                checked += 2;
            }
        }
        assertEquals(2 * (3 * 999_999L + 999_990 + 999_900 + 999_000), checked);
    }

    /**
     * Doubles around the shortcut's domain and everywhere else: random short and long decimals, the neighbours of
     * its bounds, subnormals, powers of ten over the whole exponent range, negative zero, NaN and the infinities.
     */
    @Test
    void randomDoublesAroundTheShortcutEqualTheClientFormatting() {
        double[] bounds = { ByteSink.SHORT_MIN, ByteSink.SHORT_LIMIT, 0.1, 1.0, 1e7 };
        for (double bound : bounds) {
            double d = bound;
            for (int i = 0; i < 1000; i++) {
                d = Math.nextDown(d);
                assertDouble(d);
                assertDouble(-d);
            }
            d = bound;
            for (int i = 0; i < 1000; i++) {
                d = Math.nextUp(d);
                assertDouble(d);
                assertDouble(-d);
            }
        }
        for (int e = -330; e <= 308; e++) {
            double power = Double.parseDouble("1e" + e);
            assertDouble(power);
            assertDouble(-power);
            assertDouble(Math.nextUp(power));
            assertDouble(Math.nextDown(power));
        }
        assertDouble(-0.0);
        assertDouble(0.0);
        assertDouble(Double.NaN);
        assertDouble(Double.longBitsToDouble(0x7ff8_0000_0000_0001L));
        assertDouble(Double.POSITIVE_INFINITY);
        assertDouble(Double.NEGATIVE_INFINITY);
        assertDouble(Double.MIN_NORMAL);
        Random random = new Random(13);
        for (int i = 0; i < 100_000; i++) {
            // Decimals with up to 9 digits and up to 9 decimals: inside the domain and just outside it.
            long m = random.nextInt(1_000_000_000) * (random.nextBoolean() ? 1L : -1L);
            assertDouble(m / Math.pow(10, random.nextInt(10)));
            assertDouble(random.nextInt(2_000_000) / 1e3 - 1000);
            // Subnormals, and doubles of any exponent.
            assertDouble(Double.longBitsToDouble(random.nextLong() & 0x000f_ffff_ffff_ffffL));
            assertDouble(Double.longBitsToDouble(random.nextLong()));
            // Sums of short decimals, which are not short decimals: 0.1 + 0.2.
            assertDouble(random.nextInt(1000) / 10.0 + random.nextInt(1000) / 100.0);
        }
    }

    private static void assertWritten(ByteSink sink, ByteArrayOutputStream out, double d) {
        sink.reset();
        sink.writeDouble(d);
        out.reset();
        try {
            sink.writeTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String expected = Double.toString(d);
        String actual = out.toString(StandardCharsets.US_ASCII);
        if (!expected.equals(actual)) {
            assertEquals(expected, actual, "bits " + Double.doubleToRawLongBits(d));
        }
    }

    @Test
    void longsEqualLongToString() {
        long[] edges = { 0, 1, -1, 9, 10, 99, 100, Long.MAX_VALUE, Long.MIN_VALUE, Integer.MAX_VALUE };
        for (long l : edges) {
            assertLong(l);
        }
        Random random = new Random(11);
        for (int i = 0; i < 100_000; i++) {
            assertLong(random.nextLong() >> random.nextInt(64));
        }
    }

    private static void assertDouble(double d) {
        String expected = d == Double.POSITIVE_INFINITY ? "+Inf"
                : d == Double.NEGATIVE_INFINITY ? "-Inf" : Double.toString(d);
        ByteSink sink = new ByteSink(4);
        sink.writeDouble(d);
        assertEquals(expected, written(sink),
                () -> "bits " + Double.doubleToRawLongBits(d));
    }

    private static String written(ByteSink sink) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            sink.writeTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString(StandardCharsets.US_ASCII);
    }

    private static void assertLong(long l) {
        ByteSink sink = new ByteSink(1);
        sink.writeLong(l);
        assertEquals(Long.toString(l), written(sink));
    }
}
