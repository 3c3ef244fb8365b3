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
