package io.github.promexport.runtime.exposition.fast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import io.github.promexport.runtime.exposition.ExpositionFormat;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Measurement;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Statistic;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.config.NamingConvention;
import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;

/**
 * Meter functions count their own reads: whatever path a scrape takes (the cached layout, a layout rebuilt after a
 * meter change, the client path for a layout it cannot serve, a {@code name[]} filter, protobuf, a non-default
 * escaping, a name whose values stopped fitting the layout), each is called exactly once, as the client calls it.
 * A function with side effects (a reset-on-read gauge) therefore exposes its value.
 */
class EachMeterIsReadOncePerScrapeTest {

    private final ExpositionCheck check = new ExpositionCheck();
    private final Map<String, AtomicInteger> reads = new LinkedHashMap<>();
    private final AtomicLong pending = new AtomicLong();

    EachMeterIsReadOncePerScrapeTest() {
        Gauge.builder("queue.size", () -> read("gauge", 4)).register(check.meters);
        // Reset on read: a scrape that read it twice would expose 0.
        Gauge.builder("drained", pending, p -> read("drained", p.getAndSet(0))).register(check.meters);
        FunctionCounter.builder("jobs.done", this, t -> t.read("function counter", 7)).register(check.meters);
        TimeGauge.builder("uptime", this, TimeUnit.MILLISECONDS, t -> t.read("time gauge", 1500))
                .register(check.meters);
        FunctionTimer.builder("batch", this, t -> (long) t.read("function timer count", 3),
                t -> t.read("function timer total", 4.5), TimeUnit.SECONDS).register(check.meters);
        Counter.builder("requests").tag("uri", "/a").register(check.meters).increment(2);
    }

    private double read(String meter, double value) {
        reads.computeIfAbsent(meter, m -> new AtomicInteger()).incrementAndGet();
        return value;
    }

    @Test
    void fastPathAndRebuildsInBothTextFormats() {
        for (ExpositionFormatWriter writer : textWriters()) {
            String first = scrapeOnce("first scrape ever", writer, List.of());
            assertTrue(first.contains("queue_size 4.0"), first);
            scrapeOnce("cached layout", writer, List.of());
            scrapeOnce("cached layout again", writer, List.of());
            Counter added = Counter.builder("added").register(check.meters);
            scrapeOnce("first scrape after a meter was added", writer, List.of());
            scrapeOnce("cached layout after the change", writer, List.of());
            check.meters.remove(added);
            scrapeOnce("first scrape after a meter was removed", writer, List.of());
            Gauge again = Gauge.builder("added", () -> 1).register(check.meters);
            scrapeOnce("first scrape after a name came back with another type", writer, List.of());
            check.meters.remove(again);
        }
        scrapeOnce("after the last change", check.formats.getPrometheusTextFormatWriter(), List.of());
        assertEquals("clientOnly=false families=6 clientCollectors=0", check.layout());
    }

    @Test
    void resetOnReadGaugeExposesItsValueOnEveryPath() {
        pending.set(5);
        String rebuild = scrapeOnce("first scrape ever", check.formats.getPrometheusTextFormatWriter(), List.of());
        assertTrue(rebuild.contains("drained 5.0"), rebuild);
        pending.set(6);
        String fast = scrapeOnce("cached layout", check.formats.getPrometheusTextFormatWriter(), List.of());
        assertTrue(fast.contains("drained 6.0"), fast);
        pending.set(7);
        String filtered = scrapeOnce("name[]", check.formats.getPrometheusTextFormatWriter(), List.of("drained"));
        assertTrue(filtered.contains("drained 7.0"), filtered);
    }

    @Test
    void pathsLeftToTheClient() {
        ExpositionFormatWriter text = check.formats.getPrometheusTextFormatWriter();
        scrapeOnce("first scrape ever", text, List.of());
        scrapeOnce("protobuf", check.formats.getPrometheusProtobufWriter(), List.of());
        scrapeOnce("escaping=dots", new ExpositionFormat(text, EscapingScheme.DOTS_ESCAPING), List.of());
        String filtered = scrapeOnce("name[] of every meter", text,
                List.of("queue_size", "drained", "jobs_done_total", "uptime_seconds", "batch_seconds_count",
                        "requests_total"));
        assertTrue(filtered.contains("queue_size 4.0"), filtered);
        // A filter that leaves a meter out may skip reading it; those it keeps are read once.
        reads.clear();
        render(new ExpositionFormat(text, EscapingScheme.DEFAULT), List.of("queue_size"));
        assertEquals(1, reads.get("gauge").get());
        reads.values().forEach(count -> assertTrue(count.get() <= 1, reads.toString()));
    }

    @Test
    void layoutLeftEntirelyToTheClient() {
        // Dots kept in names: the layout cannot find the collector of a name and leaves everything to the client.
        check.meters.config().namingConvention(NamingConvention.dot);
        for (ExpositionFormatWriter writer : textWriters()) {
            scrapeOnce("rebuild to a client-only layout", writer, List.of());
            assertTrue(check.layout().startsWith("clientOnly=true"), check.layout());
            scrapeOnce("client-only layout", writer, List.of());
            Counter.builder("added." + writer.getContentType().length()).register(check.meters);
            scrapeOnce("first scrape after a change, client-only", writer, List.of());
        }
    }

    @Test
    void nameWhoseValuesStopFittingTheLayout() {
        List<Measurement> measurements = new CopyOnWriteArrayList<>(
                List.of(new Measurement(() -> read("custom total", 2), Statistic.TOTAL)));
        Meter.builder("custom", Meter.Type.OTHER, measurements).register(check.meters);
        for (ExpositionFormatWriter writer : textWriters()) {
            scrapeOnce("first scrape with the custom meter", writer, List.of());
            // The custom meter now measures one more statistic: its families change, the meter set does not.
            measurements.add(new Measurement(() -> 9, Statistic.COUNT));
            reads.clear();
            String changed = render(new ExpositionFormat(writer, EscapingScheme.DEFAULT), List.of());
            assertTrue(changed.contains("custom_total 9.0") || changed.contains("custom_total{"), changed);
            for (Map.Entry<String, AtomicInteger> meter : reads.entrySet()) {
                // The misfit itself is collected again by its own collector; every other meter is read once.
                if (!meter.getKey().startsWith("custom")) {
                    assertEquals(1, meter.getValue().get(), meter.getKey() + " on the scrape that found a misfit");
                }
            }
            scrapeOnce("the misfit left to the client", writer, List.of());
            check.assertSameBytes(writer);
            measurements.remove(measurements.size() - 1);
            scrapeOnce("the misfit back in shape, still the client's", writer, List.of());
        }
    }

    private List<ExpositionFormatWriter> textWriters() {
        return List.of(check.formats.getPrometheusTextFormatWriter(), check.formats.getOpenMetricsTextFormatWriter());
    }

    private String scrapeOnce(String path, ExpositionFormatWriter writer, List<String> names) {
        return scrapeOnce(path, new ExpositionFormat(writer, EscapingScheme.DEFAULT), names);
    }

    /** Scrapes once through the fast exposition and asserts that every counting function was called once. */
    private String scrapeOnce(String path, ExpositionFormat format, List<String> names) {
        reads.clear();
        String body = render(format, names);
        List<String> expected = new ArrayList<>(List.of("gauge", "drained", "function counter", "time gauge",
                "function timer count", "function timer total"));
        for (String meter : expected) {
            AtomicInteger count = reads.get(meter);
            assertEquals(1, count == null ? 0 : count.get(),
                    meter + " read on path '" + path + "' (" + format.contentType() + ")");
        }
        reads.forEach((meter, count) -> assertEquals(1, count.get(), meter + " on path '" + path + "'"));
        return body;
    }

    private String render(ExpositionFormat format, List<String> names) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            check.exposition.render(format, names).writeTo(out);
            return out.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
