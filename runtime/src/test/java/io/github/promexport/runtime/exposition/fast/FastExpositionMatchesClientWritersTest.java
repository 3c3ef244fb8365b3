package io.github.promexport.runtime.exposition.fast;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.DoubleAdder;

import org.junit.jupiter.api.Test;

import io.github.promexport.runtime.exposition.ClientExposition;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.LongTaskTimer;
import io.micrometer.core.instrument.Measurement;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Statistic;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.Timer;
import io.prometheus.metrics.config.ExporterProperties;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.model.registry.Collector;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.StateSetSnapshot;

class FastExpositionMatchesClientWritersTest {

    @Test
    void everyMeterTypeMatchesAcrossScrapes() {
        ExpositionCheck check = new ExpositionCheck();
        EveryMeterType meters = new EveryMeterType(check);
        for (int scrape = 0; scrape < 5; scrape++) {
            meters.change(scrape);
            String text = check.assertSameBytes();
            assertTrue(text.contains("# TYPE"), text);
        }
        assertEquals("clientOnly=false families=" + meters.expectedFamilies() + " clientCollectors=0", check.layout());
    }

    @Test
    void everyMeterTypeIsWrittenAsTheClientWrites() {
        ExpositionCheck check = new ExpositionCheck();
        new EveryMeterType(check).change(1);
        String text = check.assertSameBytes();
        // A few spot checks that the interesting cases are really there.
        assertTrue(text.contains("le=\"+Inf\""), text);
        assertTrue(text.contains("quantile=\"0.95\""), text);
        assertTrue(text.contains("NaN"), text);
        assertTrue(text.contains("\\\""), text);
        assertTrue(text.contains("_gcount"), text);
        assertTrue(text.contains("build_info{"), text);
        assertTrue(text.contains("\"a:b\"="), text);
    }

    @Test
    void metersAddedAndRemovedBetweenScrapes() {
        ExpositionCheck check = new ExpositionCheck();
        List<Counter> counters = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            counters.add(Counter.builder("jobs").tag("queue", "q" + i).register(check.meters));
            check.assertSameBytes();
        }
        Timer timer = Timer.builder("job.duration").register(check.meters);
        timer.record(Duration.ofMillis(3));
        check.assertSameBytes();
        for (int i = 0; i < 20; i += 2) {
            check.meters.remove(counters.get(i));
            counters.get(i + 1).increment(i);
            check.assertSameBytes();
        }
        check.meters.remove(timer);
        check.assertSameBytes();
        Timer.builder("job.duration").tag("kind", "again").register(check.meters).record(Duration.ofSeconds(1));
        check.assertSameBytes();
        for (Counter counter : counters) {
            check.meters.remove(counter);
        }
        check.assertSameBytes();
        assertEquals("clientOnly=false families=2 clientCollectors=0", check.layout());
    }

    @Test
    void emptyRegistry() {
        ExpositionCheck check = new ExpositionCheck();
        check.assertSameBytes();
    }

    @Test
    void foreignCollectorsAreMergedInSortedOrder() {
        ExpositionCheck check = new ExpositionCheck();
        Counter.builder("middle").register(check.meters).increment();
        Gauge.builder("zz.last", () -> 3).register(check.meters);
        check.prometheusRegistry.register(new Collector() {
            @Override
            public MetricSnapshot collect() {
                return GaugeSnapshot.builder().name("aa_first").help("A foreign gauge")
                        .dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().value(1.5).build()).build();
            }
        });
        check.prometheusRegistry.register(new MultiCollector() {
            @Override
            public MetricSnapshots collect() {
                return MetricSnapshots.of(
                        GaugeSnapshot.builder().name("n_foreign")
                                .dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().value(2).build()).build(),
                        StateSetSnapshot.builder().name("state")
                                .dataPoint(StateSetSnapshot.StateSetDataPointSnapshot.builder().state("on", true)
                                        .state("off", false).build())
                                .build());
            }
        });
        String text = check.assertSameBytes();
        assertTrue(text.indexOf("aa_first") < text.indexOf("middle_total"), text);
        assertTrue(text.indexOf("n_foreign") < text.indexOf("state"), text);
        assertEquals("clientOnly=false families=2 clientCollectors=0", check.layout());
    }

    @Test
    void failedRegistrationsAreLeftOut() {
        ExpositionCheck check = new ExpositionCheck();
        Counter.builder("shared").tag("a", "1").register(check.meters).increment();
        // Different tag keys and a different type under the same name: Micrometer keeps them out of its collector.
        Counter.builder("shared").tag("b", "1").register(check.meters).increment(2);
        Gauge.builder("shared", () -> 4).tag("a", "2").register(check.meters);
        check.assertSameBytes();
        assertEquals("clientOnly=false families=1 clientCollectors=0", check.layout());
    }

    @Test
    void namesThatCollideInTheCollectorAreLeftToTheClient() {
        ExpositionCheck check = new ExpositionCheck();
        // Both become "collide" with the same labels: Micrometer's collector keeps only one of them.
        Counter.builder("collide.x").tag("k", "v").register(check.meters).increment(1);
        Counter.builder("collide_x").tag("k", "v").register(check.meters).increment(2);
        Counter.builder("other").register(check.meters).increment(3);
        check.assertSameBytes();
        assertEquals("clientOnly=false families=1 clientCollectors=1", check.layout());
    }

    @Test
    void familiesThatCollideFailLikeTheClient() {
        ExpositionCheck check = new ExpositionCheck();
        Timer.builder("dup").register(check.meters).record(Duration.ofMillis(1));
        Gauge.builder("dup.seconds.max", () -> 1).register(check.meters);
        assertNull(check.assertSameOutcome());
    }

    @Test
    void negativeCounterFailsLikeTheClient() {
        ExpositionCheck check = new ExpositionCheck();
        AtomicLong value = new AtomicLong(5);
        FunctionCounter.builder("odd", value, AtomicLong::get).register(check.meters);
        assertNotNull(check.assertSameOutcome());
        value.set(-1);
        assertNull(check.assertSameOutcome());
        value.set(2);
        assertNotNull(check.assertSameOutcome());
    }

    @Test
    void createdTimestampsAreLeftToTheClient() {
        ExpositionCheck check = new ExpositionCheck();
        assertInstanceOf(ClientExposition.class, FastExposition.create(check.meters, check.formats,
                ExporterProperties.builder().includeCreatedTimestamps(true).build()));
    }

    @Test
    void concurrentScrapesAgree() throws Exception {
        ExpositionCheck check = new ExpositionCheck();
        new EveryMeterType(check).change(2);
        String expected = check.assertSameBytes();
        List<Thread> threads = new ArrayList<>();
        List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        for (int t = 0; t < 4; t++) {
            Thread thread = new Thread(() -> {
                try {
                    for (int i = 0; i < 50; i++) {
                        byte[] ours = check.ours(check.formats.getPrometheusTextFormatWriter());
                        assertEquals(expected, new String(ours, java.nio.charset.StandardCharsets.UTF_8));
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            });
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        assertTrue(failures.isEmpty(), failures.toString());
    }

    @Test
    void protobufIsLeftToTheClient() throws IOException {
        ExpositionCheck check = new ExpositionCheck();
        new EveryMeterType(check).change(1);
        ExpositionFormatWriter protobuf = check.formats.getPrometheusProtobufWriter();
        assertArrayEquals(check.client(protobuf), check.ours(protobuf));
    }

    /** One of every meter Micrometer's Prometheus registry knows, with the awkward cases. */
    static final class EveryMeterType {
        private final ExpositionCheck check;
        private final List<Counter> counters = new ArrayList<>();
        private final AtomicLong functionSource = new AtomicLong();
        private final DoubleAdder gaugeSource = new DoubleAdder();
        private final List<Timer> timers = new ArrayList<>();
        private final List<DistributionSummary> summaries = new ArrayList<>();
        private final LongTaskTimer longTasks;
        private final LongTaskTimer longTasksWithBuckets;
        private final List<LongTaskTimer.Sample> running = new ArrayList<>();
        private final double[] custom = { 1, 2, 3, 4, 5, 6, 7, 8 };

        EveryMeterType(ExpositionCheck check) {
            this.check = check;
            var registry = check.meters;
            counters.add(Counter.builder("http.requests").description("Requests served").tag("method", "GET")
                    .tag("uri", "/a").register(registry));
            counters.add(Counter.builder("http.requests").description("Requests served").tag("method", "POST")
                    .tag("uri", "/a").register(registry));
            counters.add(Counter.builder("no.tags").register(registry));
            counters.add(Counter.builder("1st-metric.name").description("back\\slash and\nnewline \"quoted\"")
                    .tag("my-key.x", "quote\" backslash\\ newline\n unicode naïve ☃ 🎉").tag("a:b", "colon")
                    .register(registry));
            for (int i = 0; i < 30; i++) {
                counters.add(Counter.builder("shared.name").tag("instance", "i" + (i * 7 % 30)).register(registry));
            }
            FunctionCounter.builder("function.counter", functionSource, AtomicLong::get).description("fc")
                    .tag("k", "v").register(registry);
            Gauge.builder("gauge.plain", gaugeSource, DoubleAdder::sum).baseUnit("bytes").register(registry);
            Gauge.builder("gauge.special", () -> Double.NaN).tag("value", "nan").register(registry);
            Gauge.builder("gauge.special", () -> Double.POSITIVE_INFINITY).tag("value", "pinf").register(registry);
            Gauge.builder("gauge.special", () -> Double.NEGATIVE_INFINITY).tag("value", "ninf").register(registry);
            Gauge.builder("gauge.special", () -> -0.0).tag("value", "negzero").register(registry);
            Gauge.builder("gauge.special", () -> 1e-5).tag("value", "tiny").register(registry);
            Gauge.builder("gauge.special", () -> 123456789.125).tag("value", "big").register(registry);
            Gauge.builder("gauge.special", () -> -9999999.0).tag("value", "edge").register(registry);
            Gauge.builder("gauge.throwing", () -> {
                throw new IllegalStateException("boom");
            }).register(registry);
            Gauge.builder("build.info", () -> 1).description("Build").tag("version", "1.2.3").tag("commit", "abc")
                    .register(registry);
            TimeGauge.builder("time.gauge", gaugeSource, TimeUnit.MILLISECONDS, DoubleAdder::sum).register(registry);
            timers.add(Timer.builder("timer.plain").description("plain").tag("k", "v").register(registry));
            timers.add(Timer.builder("timer.percentiles").publishPercentiles(0.5, 0.95, 0.99).register(registry));
            timers.add(Timer.builder("timer.histogram").publishPercentileHistogram().register(registry));
            timers.add(Timer.builder("timer.slo").serviceLevelObjectives(Duration.ofMillis(5), Duration.ofMillis(50),
                    Duration.ofSeconds(1)).tag("op", "a").register(registry));
            timers.add(Timer.builder("timer.slo").serviceLevelObjectives(Duration.ofMillis(5), Duration.ofMillis(50),
                    Duration.ofSeconds(1)).tag("op", "b").register(registry));
            summaries.add(DistributionSummary.builder("summary.plain").scale(2.5).baseUnit("items").register(registry));
            summaries.add(DistributionSummary.builder("summary.percentiles").publishPercentiles(0.99, 0.5)
                    .register(registry));
            summaries.add(DistributionSummary.builder("summary.histogram").publishPercentileHistogram().scale(0.5)
                    .minimumExpectedValue(1.0).maximumExpectedValue(1000.0).register(registry));
            summaries.add(DistributionSummary.builder("summary.slo").serviceLevelObjectives(1, 10, 100)
                    .register(registry));
            FunctionTimer.builder("function.timer", functionSource, s -> s.get() * 2, s -> s.get() * 1.5,
                    TimeUnit.MILLISECONDS).register(registry);
            longTasks = LongTaskTimer.builder("long.tasks").description("ltt").register(registry);
            longTasksWithBuckets = LongTaskTimer.builder("long.tasks.buckets")
                    .serviceLevelObjectives(Duration.ofSeconds(1), Duration.ofSeconds(10)).register(registry);
            Meter.builder("custom.meter", Meter.Type.OTHER, List.of(
                    new Measurement(() -> custom[0], Statistic.TOTAL),
                    new Measurement(() -> custom[1], Statistic.TOTAL_TIME),
                    new Measurement(() -> custom[2], Statistic.COUNT),
                    new Measurement(() -> custom[3], Statistic.MAX),
                    new Measurement(() -> custom[4], Statistic.VALUE),
                    new Measurement(() -> custom[5], Statistic.UNKNOWN),
                    new Measurement(() -> custom[6], Statistic.ACTIVE_TASKS),
                    new Measurement(() -> custom[7], Statistic.DURATION))).tag("t", "x").register(registry);
            Meter.builder("custom.gauge", Meter.Type.GAUGE, List.of(new Measurement(() -> custom[4], Statistic.VALUE)))
                    .register(registry);
        }

        /** custom.meter has 6 families, timers and summaries 2 each (4 timer names, 4 summary names). */
        int expectedFamilies() {
            return 4 /* counters */ + 1 /* function counter */ + 3 /* gauges */ + 1 /* info */ + 1 /* time gauge */
                    + 4 * 2 + 4 * 2 + 1 /* function timer */ + 2 * 2 /* long task timers */ + 6 + 1;
        }

        void change(int round) {
            for (int i = 0; i < counters.size(); i++) {
                counters.get(i).increment(i % 3 == 0 ? 0.5 : round + i);
            }
            functionSource.addAndGet(round * 3L);
            gaugeSource.add(round * 1.25);
            for (int i = 0; i < timers.size(); i++) {
                timers.get(i).record(Duration.ofMillis(round * 7L + i));
                timers.get(i).record(Duration.ofNanos(round * 123_457L));
            }
            for (int i = 0; i < summaries.size(); i++) {
                summaries.get(i).record(round * 11.5 + i);
            }
            running.add(longTasks.start());
            running.add(longTasksWithBuckets.start());
            if (round % 2 == 1) {
                running.remove(0).stop();
            }
            for (int i = 0; i < custom.length; i++) {
                custom[i] += round * (i + 0.1);
            }
            check.clock.add(Duration.ofMillis(1500));
        }
    }
}
