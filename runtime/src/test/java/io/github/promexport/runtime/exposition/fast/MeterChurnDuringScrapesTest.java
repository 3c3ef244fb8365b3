package io.github.promexport.runtime.exposition.fast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import org.junit.jupiter.api.Test;

import io.github.promexport.runtime.exposition.ExpositionFormat;
import io.github.promexport.runtime.exposition.fast.ExpositionParser.Family;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Timer;
import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;

/**
 * Threads add, remove and re-add meters of the same names (so that the last meter of a name goes, its collector
 * with it, and comes back) while others scrape, for a bounded time. No scrape may fail; every body must be a whole,
 * well-formed exposition with each family once and of the type its name has; and whenever the churn is paused, our
 * bytes equal the client writers' and both parse to the same families.
 */
class MeterChurnDuringScrapesTest {

    private static final long RUN_NANOS = TimeUnit.SECONDS.toNanos(4);
    private static final String[] NAMES = { "churn.counter", "churn.gauge", "churn.timer", "churn.summary",
            "churn.function" };
    /** The family type each name's families have, as the OpenMetrics TYPE line says, by family name. */
    private static final Map<String, String> TYPES = Map.ofEntries(Map.entry("churn_counter", "counter"),
            Map.entry("churn_gauge", "gauge"), Map.entry("churn_timer_seconds", "histogram"),
            Map.entry("churn_timer_seconds_max", "gauge"), Map.entry("churn_summary", "summary"),
            Map.entry("churn_summary_max", "gauge"), Map.entry("churn_function", "counter"),
            Map.entry("stable_requests", "counter"), Map.entry("stable_queue", "gauge"),
            Map.entry("stable_latency_seconds", "summary"), Map.entry("stable_latency_seconds_max", "gauge"));

    private final ExpositionCheck check = new ExpositionCheck();
    private final Map<String, Meter> churned = new ConcurrentHashMap<>();
    /** Churners hold it shared for each change; a checkpoint holds it exclusively to compare with the client. */
    private final ReadWriteLock pause = new ReentrantReadWriteLock();
    private final List<Throwable> failures = new CopyOnWriteArrayList<>();
    private final AtomicInteger scrapes = new AtomicInteger();
    private final AtomicInteger changes = new AtomicInteger();

    @Test
    void scrapesDuringChurnNeverFailAndAreWellFormed() throws Exception {
        Counter.builder("stable.requests").tag("uri", "/a").register(check.meters).increment(3);
        Gauge.builder("stable.queue", () -> 2).register(check.meters);
        Timer.builder("stable.latency").register(check.meters).record(Duration.ofMillis(5));
        long deadline = System.nanoTime() + RUN_NANOS;
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            long seed = i;
            threads.add(new Thread(() -> churn(new Random(seed), deadline), "churn-" + i));
        }
        for (int i = 0; i < 2; i++) {
            boolean openMetrics = i == 1;
            threads.add(new Thread(() -> scrape(openMetrics, deadline), "scrape-" + i));
        }
        threads.forEach(Thread::start);
        int checkpoints = 0;
        while (System.nanoTime() < deadline && failures.isEmpty()) {
            Thread.sleep(100);
            pause.writeLock().lock();
            try {
                compareWithClient();
                checkpoints++;
            } catch (Throwable e) {
                failures.add(e);
            } finally {
                pause.writeLock().unlock();
            }
        }
        for (Thread thread : threads) {
            thread.join(TimeUnit.SECONDS.toMillis(30));
            assertTrue(!thread.isAlive(), thread.getName() + " did not stop");
        }
        if (!failures.isEmpty()) {
            AssertionError error = new AssertionError(failures.size() + " failures in " + scrapes + " scrapes, first: "
                    + failures.get(0), failures.get(0));
            throw error;
        }
        compareWithClient();
        // Enough happened for the test to mean something, even on a slow machine.
        assertTrue(scrapes.get() >= 50, scrapes + " scrapes");
        assertTrue(changes.get() >= 50, changes + " meter changes");
        assertTrue(checkpoints >= 3, checkpoints + " checkpoints");
    }

    @Test
    void theParserRefusesWhatTheClientNeverWrites() {
        Counter.builder("a").register(check.meters).increment();
        Gauge.builder("b", () -> 1).register(check.meters);
        String text = check.assertSameBytes();
        ExpositionParser.parse(text, false);
        assertThrows(AssertionError.class, () -> ExpositionParser.parse(text.substring(0, text.length() - 3), false));
        assertThrows(AssertionError.class, () -> ExpositionParser.parse(text + text, false));
        String openMetrics = check.assertSameBytes(check.formats.getOpenMetricsTextFormatWriter());
        ExpositionParser.parse(openMetrics, true);
        assertThrows(AssertionError.class, () -> ExpositionParser.parse(openMetrics.replace("# EOF\n", ""), true));
        assertThrows(AssertionError.class,
                () -> ExpositionParser.parse(openMetrics.replace("b 1.0\n", "b 1.0\nb 2.0\n"), true));
    }

    private void churn(Random random, long deadline) {
        AtomicLong functionSource = new AtomicLong(7);
        try {
            while (System.nanoTime() < deadline && failures.isEmpty()) {
                String name = NAMES[random.nextInt(NAMES.length)];
                String tag = "t" + random.nextInt(2);
                pause.readLock().lock();
                try {
                    // One key at a time: remove the meter if it is there, else register it.
                    churned.compute(name + "/" + tag, (key, meter) -> {
                        if (meter != null) {
                            check.meters.remove(meter);
                            return null;
                        }
                        return register(name, tag, functionSource);
                    });
                    changes.incrementAndGet();
                } finally {
                    pause.readLock().unlock();
                }
            }
        } catch (Throwable e) {
            failures.add(e);
        }
    }

    private Meter register(String name, String tag, AtomicLong functionSource) {
        switch (name) {
            case "churn.counter": {
                Counter counter = Counter.builder(name).tag("k", tag).register(check.meters);
                counter.increment(2);
                return counter;
            }
            case "churn.gauge":
                return Gauge.builder(name, () -> 1.5).tag("k", tag).register(check.meters);
            case "churn.timer": {
                Timer timer = Timer.builder(name).tag("k", tag)
                        .serviceLevelObjectives(Duration.ofMillis(10), Duration.ofMillis(100)).register(check.meters);
                timer.record(Duration.ofMillis(20));
                return timer;
            }
            case "churn.summary": {
                DistributionSummary summary = DistributionSummary.builder(name).tag("k", tag).publishPercentiles(0.5)
                        .register(check.meters);
                summary.record(3);
                return summary;
            }
            default:
                return FunctionCounter.builder(name, functionSource, AtomicLong::get).tag("k", tag)
                        .register(check.meters);
        }
    }

    private void scrape(boolean openMetrics, long deadline) {
        ExpositionFormatWriter writer = openMetrics ? check.formats.getOpenMetricsTextFormatWriter()
                : check.formats.getPrometheusTextFormatWriter();
        ExpositionFormat format = new ExpositionFormat(writer, EscapingScheme.DEFAULT);
        while (System.nanoTime() < deadline && failures.isEmpty()) {
            try {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                check.exposition.render(format, List.of()).writeTo(out);
                Map<String, Family> families = ExpositionParser.parse(out.toString(), openMetrics);
                if (openMetrics) {
                    for (Family family : families.values()) {
                        assertEquals(TYPES.get(family.name), family.type, family.structure());
                    }
                }
                scrapes.incrementAndGet();
            } catch (Throwable e) {
                failures.add(e);
            }
        }
    }

    /** With the churn paused: the same bytes as the client writers, and the same families once parsed. */
    private void compareWithClient() throws Exception {
        for (boolean openMetrics : new boolean[] { false, true }) {
            ExpositionFormatWriter writer = openMetrics ? check.formats.getOpenMetricsTextFormatWriter()
                    : check.formats.getPrometheusTextFormatWriter();
            String theirs = new String(check.client(writer));
            String ours = new String(check.ours(writer));
            assertEquals(structure(ExpositionParser.parse(theirs, openMetrics)),
                    structure(ExpositionParser.parse(ours, openMetrics)));
            assertEquals(theirs, ours);
        }
    }

    private static List<String> structure(Map<String, Family> families) {
        List<String> result = new ArrayList<>();
        for (Family family : families.values()) {
            result.add(family.structure());
        }
        return result;
    }
}
