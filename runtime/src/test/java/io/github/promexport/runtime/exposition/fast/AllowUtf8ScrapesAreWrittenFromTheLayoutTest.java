package io.github.promexport.runtime.exposition.fast;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import io.github.promexport.runtime.exposition.ExpositionFormat;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.LongTaskTimer;
import io.micrometer.core.instrument.Timer;
import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.model.registry.Collector;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;

/**
 * Prometheus 3 asks for {@code escaping=allow-utf-8} first. Micrometer's names are always legacy names, which the
 * client writes alike under both escapings, so the layout serves those scrapes too: byte for byte the client's
 * allow-utf-8 output, including a foreign collector's UTF-8 name, which the client's writer still writes with the
 * scrape's escaping. Other escapings stay with the client.
 */
class AllowUtf8ScrapesAreWrittenFromTheLayoutTest {

    private final ExpositionCheck check = new ExpositionCheck();

    @Test
    void allowUtf8IsWrittenFromTheLayoutWithTheClientsBytes() throws Exception {
        AtomicLong source = new AtomicLong(7);
        Counter.builder("http.requests").tag("method", "GET").tag("uri", "/ü\"x\"").description("Requests")
                .register(check.meters).increment(3);
        Gauge.builder("queue.size", source, AtomicLong::get).tag("queue.name", "a").register(check.meters);
        Timer.builder("call.latency").publishPercentileHistogram().register(check.meters)
                .record(Duration.ofMillis(12));
        DistributionSummary.builder("payload").publishPercentiles(0.5, 0.99).register(check.meters).record(5);
        FunctionCounter.builder("fn.counter", source, AtomicLong::get).register(check.meters);
        FunctionTimer.builder("fn.timer", source, AtomicLong::get, s -> s.get() * 2.0, TimeUnit.MILLISECONDS)
                .register(check.meters);
        LongTaskTimer.builder("long.task").publishPercentileHistogram().register(check.meters).start();
        Gauge.builder("build.info", () -> 1).tag("version", "1.0").register(check.meters);
        check.prometheusRegistry.register((Collector) () -> GaugeSnapshot.builder().name("foreign.utf8.é")
                .dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().value(1)
                        .labels(Labels.of("label.with.dots", "v")).build())
                .build());

        for (ExpositionFormatWriter writer : new ExpositionFormatWriter[] { check.formats.getPrometheusTextFormatWriter(),
                check.formats.getOpenMetricsTextFormatWriter() }) {
            for (int scrape = 0; scrape < 2; scrape++) {
                // The first scrape builds the layout, the second is written from it.
                assertArrayEquals(check.client(writer, EscapingScheme.ALLOW_UTF8),
                        check.ours(writer, EscapingScheme.ALLOW_UTF8), writer.getContentType());
                assertTrue(check.exposition.writesFromLayout(new ExpositionFormat(writer, EscapingScheme.ALLOW_UTF8)));
            }
            assertFalse(check.exposition.writesFromLayout(new ExpositionFormat(writer, EscapingScheme.DOTS_ESCAPING)));
            assertFalse(
                    check.exposition.writesFromLayout(new ExpositionFormat(writer, EscapingScheme.VALUE_ENCODING_ESCAPING)));
        }
        // The client's bytes differ between the escapings for the foreign name: the layout is not bypassing them.
        ExpositionFormatWriter text = check.formats.getPrometheusTextFormatWriter();
        assertFalse(java.util.Arrays.equals(check.client(text, EscapingScheme.ALLOW_UTF8),
                check.client(text, EscapingScheme.DEFAULT)));
        check.assertSameBytes();
    }
}
