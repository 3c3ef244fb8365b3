package io.github.promexport.runtime.exposition.fast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.github.promexport.runtime.exposition.ExpositionFormat;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.Exemplar;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.tracer.common.SpanContext;

/**
 * With a {@link SpanContext}, the fast exposition writes the exemplars of counters and histogram buckets in
 * OpenMetrics byte for byte as the client's writer does, and the text format without them, whenever the exemplars
 * appeared: before or after the layout was built, replaced by newer ones, from several spans.
 */
class FastExpositionWritesExemplarsLikeClientTest {

    private static final Pattern EXEMPLAR = Pattern.compile(" # \\{span_id=\"([0-9a-f]+)\",trace_id=\"([0-9a-f]+)\"\\}");

    @Test
    void exemplarsRecordedAfterTheLayoutWasBuiltAreWritten() {
        FakeSpans spans = new FakeSpans();
        ExpositionCheck check = new ExpositionCheck(fastExemplars(), spans);
        Counter counter = Counter.builder("orders").tag("kind", "web").register(check.meters);
        Timer timer = Timer.builder("http.server.requests").tag("uri", "/hello")
                .serviceLevelObjectives(Duration.ofMillis(10), Duration.ofMillis(100), Duration.ofSeconds(1))
                .register(check.meters);
        // Recorded outside any span: no exemplar, and the layout is built from that state.
        counter.increment();
        timer.record(5, TimeUnit.MILLISECONDS);
        String before = check.assertSameBytes();
        String layout = check.layout();
        assertFalse(openMetrics(check).contains(" # {"), openMetrics(check));

        spans.enter("0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331");
        counter.increment(2);
        timer.record(50, TimeUnit.MILLISECONDS);
        spans.exit();

        check.assertSameBytes();
        assertEquals(layout, check.layout(), "no meter changed, so the layout was not rebuilt");
        assertEquals("clientOnly=false families=3 clientCollectors=0", check.layout());
        String openMetrics = openMetrics(check);
        assertTrue(openMetrics.contains("orders_total{kind=\"web\"} 3.0 # {span_id=\"b7ad6b7169203331\","
                + "trace_id=\"0af7651916cd43dd8448eb211c80319c\"} 2.0 "), openMetrics);
        assertTrue(openMetrics.contains("http_server_requests_seconds_bucket{uri=\"/hello\",le=\"0.1\"} 2 # {"
                + "span_id=\"b7ad6b7169203331\",trace_id=\"0af7651916cd43dd8448eb211c80319c\"} 0.05 "), openMetrics);
        assertFalse(text(check).contains(" # "), "the text format has no exemplars");
        assertFalse(before.contains(" # "));
    }

    @Test
    void severalSpansFillSeveralBucketsAndCounters() {
        FakeSpans spans = new FakeSpans();
        ExpositionCheck check = new ExpositionCheck(fastExemplars(), spans);
        Timer timer = Timer.builder("http.server.requests").tag("uri", "/a").publishPercentileHistogram()
                .register(check.meters);
        DistributionSummary sizes = DistributionSummary.builder("http.server.response.size").baseUnit("bytes")
                .serviceLevelObjectives(100, 1000, 10000).register(check.meters);
        Counter first = Counter.builder("jobs").tag("queue", "first").register(check.meters);
        Counter second = Counter.builder("jobs").tag("queue", "second").register(check.meters);
        check.assertSameBytes();

        long[] millis = { 1, 20, 300, 4000 };
        for (int i = 0; i < millis.length; i++) {
            spans.enter(traceId(i), spanId(i));
            timer.record(millis[i], TimeUnit.MILLISECONDS);
            sizes.record(Math.pow(10, i + 1) + 1);
            (i % 2 == 0 ? first : second).increment();
            spans.exit();
        }
        check.assertSameBytes();
        String openMetrics = openMetrics(check);
        for (int i = 0; i < millis.length; i++) {
            assertTrue(openMetrics.contains(traceId(i)), openMetrics);
        }
        // Four timer buckets, four summary buckets and two counters carry one each.
        assertEquals(10, count(EXEMPLAR.matcher(openMetrics)), openMetrics);
    }

    @Test
    void aReplacedExemplarIsWrittenInsteadOfTheOldOne() throws InterruptedException {
        FakeSpans spans = new FakeSpans();
        ExpositionCheck check = new ExpositionCheck(fastExemplars(), spans);
        Counter counter = Counter.builder("orders").register(check.meters);
        Timer timer = Timer.builder("http.server.requests").serviceLevelObjectives(Duration.ofMillis(100))
                .register(check.meters);

        spans.enter(traceId(1), spanId(1));
        counter.increment();
        timer.record(10, TimeUnit.MILLISECONDS);
        spans.exit();
        check.assertSameBytes();
        assertTrue(openMetrics(check).contains(traceId(1)));

        // The sampler keeps an exemplar for its minimum retention (one second here), then takes a newer one.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        String openMetrics = openMetrics(check);
        while (openMetrics.contains(traceId(1)) && System.nanoTime() < deadline) {
            spans.enter(traceId(2), spanId(2));
            counter.increment();
            timer.record(20, TimeUnit.MILLISECONDS);
            spans.exit();
            openMetrics = openMetrics(check);
        }
        check.assertSameBytes();
        openMetrics = openMetrics(check);
        assertFalse(openMetrics.contains(traceId(1)), openMetrics);
        assertEquals(2, count(Pattern.compile(Pattern.quote(traceId(2))).matcher(openMetrics)), openMetrics);
    }

    @Test
    void exemplarsWrittenByTheScrapeThatBuildsTheLayout() {
        FakeSpans spans = new FakeSpans();
        ExpositionCheck check = new ExpositionCheck(fastExemplars(), spans);
        Counter counter = Counter.builder("orders").register(check.meters);
        spans.enter(traceId(3), spanId(3));
        counter.increment();
        spans.exit();
        // The first scrape after the meter appeared builds the layout from one client collect, exemplars included.
        check.assertSameBytes(check.formats.getOpenMetricsTextFormatWriter());
        assertTrue(openMetrics(check).contains(traceId(3)));
        Counter.builder("orders.other").register(check.meters);
        check.assertSameBytes();
    }

    /**
     * Scrapes share each source's last encoded exemplar: concurrent scrapes while exemplars are replaced write only
     * whole exemplars of the spans that were recorded. Bounded: four threads, a fixed number of scrapes each.
     */
    @Test
    void concurrentScrapesWriteWholeExemplarsWhileTheyChange() throws Exception {
        FakeSpans spans = new FakeSpans();
        ExpositionCheck check = new ExpositionCheck(fastExemplars(), spans);
        Timer timer = Timer.builder("http.server.requests").publishPercentileHistogram().register(check.meters);
        Counter counter = Counter.builder("orders").register(check.meters);
        check.assertSameBytes();
        Pattern line = Pattern.compile(" # \\{span_id=\"0{10}def0([0-9a-f]{2})\",trace_id=\"0{26}abc0\\1\"\\} "
                + "[0-9.E-]+ \\d+\\.\\d{3}$");
        spans.enter(traceId(0), spanId(0));
        counter.increment();
        spans.exit();
        AtomicBoolean recorded = new AtomicBoolean();
        ExecutorService scrapers = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                results.add(scrapers.submit(() -> {
                    int exemplars = 0;
                    for (int scrape = 0; scrape < 20 || !recorded.get(); scrape++) {
                        ByteArrayOutputStream out = new ByteArrayOutputStream();
                        check.exposition.render(new ExpositionFormat(
                                check.formats.getOpenMetricsTextFormatWriter(), EscapingScheme.DEFAULT),
                                List.of()).writeTo(out);
                        for (String written : out.toString(StandardCharsets.UTF_8).split("\n")) {
                            int at = written.indexOf(" # {");
                            if (at >= 0) {
                                assertTrue(line.matcher(written.substring(at)).matches(), written);
                                exemplars++;
                            }
                        }
                    }
                    return exemplars;
                }));
            }
            for (int i = 0; i < 40; i++) {
                spans.enter(traceId(i % 200), spanId(i % 200));
                timer.record(1 + (i % 7) * 100, TimeUnit.MILLISECONDS);
                counter.increment();
                spans.exit();
            }
            recorded.set(true);
            int exemplars = 0;
            for (Future<Integer> result : results) {
                exemplars += result.get(60, TimeUnit.SECONDS);
            }
            assertTrue(exemplars > 0, "the scrapes saw exemplars");
        } finally {
            scrapers.shutdownNow();
        }
        check.assertSameBytes();
    }

    @Test
    void exemplarTimestampsAreWrittenAsTheClientWritesThem() throws IOException {
        for (long timestamp : new long[] { 1_700_000_000_000L, 1_700_000_000_005L, 1_700_000_000_050L,
                1_700_000_000_500L, 1_700_000_000_999L, 999L, 1L }) {
            Exemplar exemplar = Exemplar.builder().value(0.25).traceId("4bf92f3577b34da6a3ce929d0e0e4736")
                    .spanId("00f067aa0ba902b7").timestampMillis(timestamp).build();
            assertEquals(clientExemplar(exemplar), new String(TextSyntax.exemplar(exemplar, 0.25),
                    StandardCharsets.UTF_8), "timestamp " + timestamp);
        }
        Exemplar withoutTimestamp = Exemplar.builder().value(3).labels(Labels.of("trace_id", "a\"b", "other", "\\"))
                .build();
        assertEquals(clientExemplar(withoutTimestamp),
                new String(TextSyntax.exemplar(withoutTimestamp, 3), StandardCharsets.UTF_8));
    }

    @Test
    void bucketsFollowTheClientsBoundaries() {
        double[] bounds = { 0.1, 0.5, Double.POSITIVE_INFINITY };
        assertEquals(0, Sources.bucketOf(bounds, 0.1));
        assertEquals(0, Sources.bucketOf(bounds, -5));
        assertEquals(1, Sources.bucketOf(bounds, 0.10000000000000002));
        assertEquals(2, Sources.bucketOf(bounds, 7));
        assertEquals(2, Sources.bucketOf(bounds, Double.POSITIVE_INFINITY));
        assertEquals(-1, Sources.bucketOf(bounds, Double.NEGATIVE_INFINITY));
        assertEquals(-1, Sources.bucketOf(bounds, Double.NaN));
        assertEquals(-1, Sources.bucketOf(new double[] { 1, 2 }, 3));
    }

    /** What the client's OpenMetrics writer appends to a counter line for {@code exemplar}. */
    private static String clientExemplar(Exemplar exemplar) throws IOException {
        ExpositionCheck check = new ExpositionCheck();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        check.formats.getOpenMetricsTextFormatWriter().write(out, MetricSnapshots.of(CounterSnapshot.builder()
                .name("c").dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder().value(1).exemplar(exemplar)
                        .build())
                .build()), EscapingScheme.DEFAULT);
        String written = out.toString(StandardCharsets.UTF_8);
        String line = "c_total 1.0";
        int start = written.indexOf(line) + line.length();
        return written.substring(start, written.indexOf('\n', start));
    }

    private static int count(Matcher matcher) {
        int count = 0;
        while (matcher.find()) {
            count++;
        }
        return count;
    }

    private static String openMetrics(ExpositionCheck check) {
        return check.assertSameBytes(check.formats.getOpenMetricsTextFormatWriter());
    }

    private static String text(ExpositionCheck check) {
        return check.assertSameBytes(check.formats.getPrometheusTextFormatWriter());
    }

    private static String traceId(int i) {
        return String.format("%032x", 0xabc000L + i);
    }

    private static String spanId(int i) {
        return String.format("%016x", 0xdef000L + i);
    }

    /** Exemplars kept one second at least (the client's minimum), sampled at most every millisecond. */
    private static PrometheusConfig fastExemplars() {
        return new PrometheusConfig() {
            @Override
            public String get(String key) {
                return null;
            }

            @Override
            public Properties prometheusProperties() {
                Properties properties = new Properties();
                properties.setProperty("io.prometheus.exemplars.minRetentionPeriodSeconds", "1");
                properties.setProperty("io.prometheus.exemplars.sampleIntervalMilliseconds", "1");
                return properties;
            }
        };
    }

    /** The span a test has entered, as a tracer's span context would report it. */
    private static final class FakeSpans implements SpanContext {
        private volatile String traceId;
        private volatile String spanId;

        /**
         * Also waits a little first: after each observation the sampler takes no new exemplar for its sample
         * interval (one millisecond here).
         */
        void enter(String traceId, String spanId) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            this.traceId = traceId;
            this.spanId = spanId;
        }

        void exit() {
            traceId = null;
            spanId = null;
        }

        @Override
        public String getCurrentTraceId() {
            return traceId;
        }

        @Override
        public String getCurrentSpanId() {
            return spanId;
        }

        @Override
        public boolean isCurrentSpanSampled() {
            return traceId != null;
        }

        @Override
        public void markCurrentSpanAsExemplar() {
        }
    }
}
