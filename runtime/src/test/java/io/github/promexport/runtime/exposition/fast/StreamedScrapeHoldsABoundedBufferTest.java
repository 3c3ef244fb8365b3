package io.github.promexport.runtime.exposition.fast;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.github.promexport.runtime.exposition.ExpositionFormat;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;

/**
 * A scrape of a large registry through a client that has not read anything yet holds its values and one buffer,
 * not its body: the first bytes reach the stream before the rest is formatted, no write hands over more than the
 * buffer, and the heap retained while the reader stalls (measured after a full GC inside the stream's first write)
 * stays far below the size of the exposition. The streamed bytes are still exactly the client's.
 */
class StreamedScrapeHoldsABoundedBufferTest {

    private static final int COUNTERS = 100_000;

    @Test
    void stalledReaderSeesTheBodyStreamedThroughABoundedBuffer() throws Exception {
        ExpositionCheck check = new ExpositionCheck();
        for (int i = 0; i < COUNTERS; i++) {
            Counter.builder("tenant.requests").tag("tenant", "tenant-number-" + i).tag("status", i % 7 == 0 ? "500" : "200")
                    .register(check.meters).increment(i);
        }
        for (int i = 0; i < 100; i++) {
            Timer.builder("call.latency").tag("operation", "op-" + i).publishPercentileHistogram()
                    .register(check.meters).record(Duration.ofMillis(i));
        }
        for (ExpositionFormatWriter writer : new ExpositionFormatWriter[] { check.formats.getPrometheusTextFormatWriter(),
                check.formats.getOpenMetricsTextFormatWriter() }) {
            byte[] expected = check.client(writer);
            // Builds the layout (the first scrape), and leaves nothing of the scrape behind.
            check.ours(writer);
            long baseline = usedHeapAfterGc();

            StallingReader reader = new StallingReader();
            check.exposition.render(new ExpositionFormat(writer, EscapingScheme.DEFAULT), List.of()).writeTo(reader);

            assertArrayEquals(expected, reader.bytes.toByteArray(), writer.getContentType());
            long body = expected.length;
            assertTrue(body > 6_000_000, "a large exposition: " + body);
            assertTrue(reader.largestWrite <= FastExposition.STREAM_BUFFER,
                    "one write handed over " + reader.largestWrite + " bytes");
            assertTrue(reader.writes > body / FastExposition.STREAM_BUFFER, "writes: " + reader.writes);
            long retained = reader.usedWhileStalled - baseline;
            // The scrape's values are 8 bytes per series (under 1 MB here) plus one buffer; the body is over 6 MB.
            assertTrue(retained < 3_000_000,
                    "retained " + retained + " bytes during a stalled read of a " + body + " byte body");
        }
    }

    private static long usedHeapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /**
     * Stands for a client that reads slowly: at its first write the scrape is suspended (as it would be waiting for
     * the reader), and the heap is measured then. It keeps the bytes afterwards, outside the measurement.
     */
    private static final class StallingReader extends OutputStream {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        long usedWhileStalled = -1;
        int largestWrite;
        int writes;

        @Override
        public void write(int b) {
            write(new byte[] { (byte) b }, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            if (usedWhileStalled < 0) {
                usedWhileStalled = usedHeapAfterGc();
            }
            writes++;
            largestWrite = Math.max(largestWrite, len);
            bytes.write(b, off, len);
        }
    }
}
