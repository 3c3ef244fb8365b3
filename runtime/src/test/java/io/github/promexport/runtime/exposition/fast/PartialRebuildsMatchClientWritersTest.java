package io.github.promexport.runtime.exposition.fast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.LongTaskTimer;
import io.micrometer.core.instrument.Measurement;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Statistic;
import io.micrometer.core.instrument.Timer;

/**
 * Meters of every type come and go in a seeded random sequence, a few per step, over names that mostly stay (so
 * that most rebuilds are partial: only the changed names are laid out again, the others keep their families, sources
 * and value slots). After every step, text and OpenMetrics, default and allow-utf-8 escaping, must be exactly the
 * client writers' bytes; and most layouts must have been rebuilt in part, or the test would prove nothing about
 * partial rebuilds.
 */
class PartialRebuildsMatchClientWritersTest {

    private static final int STEPS = 150;
    private static final String[] TAG_VALUES = { "a", "b", "c", "d", "e", "f", "g", "h", "ü", "q\"uote" };

    @ParameterizedTest
    @ValueSource(longs = { 1, 2, 3, 4, 5 })
    void everyStepOfARandomChurnMatchesTheClient(long seed) {
        Random random = new Random(seed);
        ExpositionCheck check = new ExpositionCheck();
        List<Meter> live = new ArrayList<>();
        List<Runnable> updates = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            add(random, check.meters, live, updates);
        }
        check.assertSameBytes();
        for (int step = 0; step < STEPS; step++) {
            int operations = 1 + random.nextInt(4);
            for (int i = 0; i < operations; i++) {
                if (random.nextInt(3) == 0 && !live.isEmpty()) {
                    check.meters.remove(live.remove(random.nextInt(live.size())));
                } else if (random.nextInt(2) == 0) {
                    add(random, check.meters, live, updates);
                } else if (!updates.isEmpty()) {
                    updates.get(random.nextInt(updates.size())).run();
                }
            }
            check.clock.add(Duration.ofMillis(random.nextInt(3000)));
            check.assertSameBytes();
        }
        String[] builds = check.exposition.builds().split("/");
        int full = Integer.parseInt(builds[0]);
        int partial = Integer.parseInt(builds[1]);
        assertTrue(partial > STEPS / 2 && partial > full, "full/partial builds: " + full + "/" + partial);
    }

    /**
     * Counters, function counters, gauges and info gauges of a few names with many series each; every step removes
     * some series and adds others with label values that sort before, between and after the others (and, now and
     * then, one with the tags of a series removed in the same step). Most rebuilds must be per-series patches that
     * collect no name, and every exposition must be the client's.
     */
    @ParameterizedTest
    @ValueSource(longs = { 1, 2, 3, 4, 5 })
    void seriesChurnInsideNamesIsPatchedAndMatchesTheClient(long seed) {
        Random random = new Random(seed);
        ExpositionCheck check = new ExpositionCheck();
        List<Meter> live = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            live.add(series(random, check.meters, randomValue(random)));
        }
        check.assertSameBytes();
        for (int step = 0; step < STEPS; step++) {
            int removals = random.nextInt(4);
            for (int i = 0; i < removals && live.size() > 10; i++) {
                Meter meter = live.remove(random.nextInt(live.size()));
                check.meters.remove(meter);
                if (random.nextInt(5) == 0) {
                    // The same name and tags again: a new meter of the series just removed.
                    live.add(again(meter, check.meters));
                }
            }
            int additions = random.nextInt(4);
            for (int i = 0; i < additions; i++) {
                Meter meter = series(random, check.meters, randomValue(random));
                if (!live.contains(meter)) {
                    live.add(meter);
                }
            }
            check.assertSameBytes();
        }
        String[] builds = check.exposition.builds().split("/");
        int partial = Integer.parseInt(builds[1]);
        int patched = Integer.parseInt(builds[2]);
        assertTrue(partial > STEPS / 2 && patched > partial * 3 / 4, "full/partial/patched builds: "
                + String.join("/", builds));
    }

    /** Label values placed first, last and between the others, one step at a time, in one name of two tag keys. */
    @Test
    void seriesSortedBeforeAfterAndBetweenTheOthersArePatchedInPlace() {
        ExpositionCheck check = new ExpositionCheck();
        for (String value : new String[] { "m", "f", "t" }) {
            tenantCounter(check.meters, value);
        }
        check.assertSameBytes();
        String[][] steps = { { "a" }, { "z" }, { "g", "h" }, { "B", "ü", "" }, { "m0", "l", "n" } };
        for (String[] values : steps) {
            for (String value : values) {
                tenantCounter(check.meters, value);
            }
            check.assertSameBytes();
        }
        for (String value : new String[] { "a", "z", "h" }) {
            check.meters.remove(check.meters.get("tenant.requests").tag("tenant", value).counter());
            check.assertSameBytes();
        }
        assertEquals(steps.length + 3, patchedBuilds(check), check.exposition.builds());
    }

    /**
     * The last series of a name goes (its collector with it) and comes back; and a series removed and added again
     * with the same tags in one change.
     */
    @Test
    void lastSeriesOfANameGoesAndComesBackAndASeriesIsAddedAgainWithItsTags() {
        ExpositionCheck check = new ExpositionCheck();
        tenantCounter(check.meters, "a");
        Gauge.builder("queue.size", () -> 3).tag("queue", "q1").register(check.meters);
        Gauge.builder("queue.size", () -> 4).tag("queue", "q2").register(check.meters);
        check.assertSameBytes();
        check.meters.remove(check.meters.get("tenant.requests").counter());
        check.assertSameBytes();
        tenantCounter(check.meters, "b");
        check.assertSameBytes();
        Meter q1 = check.meters.get("queue.size").tag("queue", "q1").gauge();
        check.meters.remove(q1);
        Gauge.builder("queue.size", () -> 5).tag("queue", "q1").register(check.meters);
        String text = check.assertSameBytes();
        assertTrue(text.contains("queue_size{queue=\"q1\"} 5.0"), text);
        check.meters.remove(check.meters.get("queue.size").tag("queue", "q2").gauge());
        check.assertSameBytes();
        assertTrue(patchedBuilds(check) >= 2, check.exposition.builds());
    }

    /**
     * Changes a patch cannot be certain of are laid out again from the collector: another description (the client
     * takes the help of whichever meter it meets first), a timer, a meter of another type than the name's.
     */
    @Test
    void changesAPatchCannotPredictAreLaidOutAgain() {
        ExpositionCheck check = new ExpositionCheck();
        Counter.builder("jobs").tag("kind", "a").description("jobs done").register(check.meters).increment();
        Timer.builder("work").tag("kind", "a").register(check.meters).record(Duration.ofMillis(3));
        check.assertSameBytes();
        Counter.builder("jobs").tag("kind", "b").description("other help").register(check.meters);
        check.assertSameBytes();
        Timer.builder("work").tag("kind", "b").register(check.meters).record(Duration.ofMillis(7));
        check.assertSameBytes();
        Gauge.builder("jobs", () -> 1).tag("kind", "c").register(check.meters);
        check.assertSameBytes();
        assertEquals(0, patchedBuilds(check), check.exposition.builds());
    }

    private static int patchedBuilds(ExpositionCheck check) {
        return Integer.parseInt(check.exposition.builds().split("/")[2]);
    }

    private static void tenantCounter(MeterRegistry registry, String tenant) {
        Counter.builder("tenant.requests").tag("tenant", tenant).tag("a.shard", "s" + tenant.length())
                .description("requests per tenant").register(registry).increment(tenant.length() + 1);
    }

    private static String randomValue(Random random) {
        // Short values from a small alphabet (with an escaped quote and a non-ASCII letter): new ones land before,
        // between and after the others, and some repeat.
        String alphabet = "0AZaz\"ü_";
        StringBuilder value = new StringBuilder();
        int length = 1 + random.nextInt(3);
        for (int i = 0; i < length; i++) {
            value.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return value.toString();
    }

    /** A series of one of the scalar names, each with its own tag keys (two of which the convention reorders). */
    private static Meter series(Random random, MeterRegistry registry, String value) {
        double[] holder = { random.nextInt(100) };
        switch (random.nextInt(4)) {
            case 0: {
                Counter counter = Counter.builder("patch.requests").tag("uri", value).tag("b.method", "GET")
                        .tag("a_status", value.length() > 1 ? "500" : "200").description("requests")
                        .register(registry);
                counter.increment(holder[0]);
                return counter;
            }
            case 1:
                // Strong references: a collected holder would read NaN between the client's scrape and ours.
                return Gauge.builder("patch.queue", holder, h -> h[0]).tag("queue", value).baseUnit("items")
                        .strongReference(true).register(registry);
            case 2:
                // The registry as the (weakly held) object: the function holds the value.
                return FunctionCounter.builder("patch.function", registry, r -> holder[0]).tag("pool", value)
                        .register(registry);
            default:
                return Gauge.builder("patch.build.info", () -> 1).tag("version", value).register(registry);
        }
    }

    /** A new meter of the removed meter's name, type and tags. */
    private static Meter again(Meter removed, MeterRegistry registry) {
        Meter.Id id = removed.getId();
        if (removed instanceof Counter) {
            return Counter.builder(id.getName()).tags(id.getTags()).description(id.getDescription())
                    .register(registry);
        }
        if (removed instanceof FunctionCounter) {
            return FunctionCounter.builder(id.getName(), registry, r -> 7).tags(id.getTags()).register(registry);
        }
        return Gauge.builder(id.getName(), () -> 9).tags(id.getTags()).baseUnit(id.getBaseUnit()).register(registry);
    }

    /** A meter of a random type and name; the name decides the type and the shape, as in a real application. */
    private static void add(Random random, MeterRegistry registry, List<Meter> live, List<Runnable> updates) {
        int type = random.nextInt(9);
        int name = random.nextInt(3);
        String tag = TAG_VALUES[random.nextInt(TAG_VALUES.length)];
        double[] value = { random.nextInt(100) };
        AtomicLong source = new AtomicLong(random.nextInt(100));
        Meter meter;
        switch (type) {
            case 0: {
                Counter counter = Counter.builder("churn.counter." + name).tag("k", tag).description("counter " + name)
                        .register(registry);
                counter.increment(value[0]);
                updates.add(() -> counter.increment(1.5));
                meter = counter;
                break;
            }
            case 1:
                meter = Gauge.builder("churn.gauge." + name, value, v -> v[0]).tag("k", tag).register(registry);
                updates.add(() -> value[0] = random.nextInt(1000) / 7.0);
                break;
            case 2: {
                Timer.Builder builder = Timer.builder("churn.timer." + name).tag("k", tag);
                if (name == 0) {
                    builder.publishPercentileHistogram();
                } else if (name == 1) {
                    builder.serviceLevelObjectives(Duration.ofMillis(10), Duration.ofMillis(100));
                } else {
                    builder.publishPercentiles(0.5, 0.95);
                }
                Timer timer = builder.register(registry);
                timer.record(Duration.ofMillis(random.nextInt(200)));
                updates.add(() -> timer.record(Duration.ofMillis(random.nextInt(200))));
                meter = timer;
                break;
            }
            case 3: {
                DistributionSummary.Builder builder = DistributionSummary.builder("churn.summary." + name).tag("k", tag)
                        .baseUnit("bytes");
                if (name == 0) {
                    builder.serviceLevelObjectives(1, 10, 100);
                } else if (name == 1) {
                    builder.publishPercentiles(0.9);
                }
                DistributionSummary summary = builder.register(registry);
                updates.add(() -> summary.record(random.nextInt(150)));
                meter = summary;
                break;
            }
            case 4: {
                LongTaskTimer.Builder builder = LongTaskTimer.builder("churn.tasks." + name).tag("k", tag);
                if (name == 0) {
                    builder.serviceLevelObjectives(Duration.ofSeconds(1), Duration.ofSeconds(5));
                }
                LongTaskTimer timer = builder.register(registry);
                updates.add(timer::start);
                meter = timer;
                break;
            }
            case 5:
                meter = FunctionCounter.builder("churn.function.counter." + name, source, AtomicLong::get).tag("k", tag)
                        .register(registry);
                updates.add(() -> source.addAndGet(random.nextInt(10)));
                break;
            case 6:
                meter = FunctionTimer.builder("churn.function.timer." + name, source, AtomicLong::get,
                        s -> s.get() * 2.5, TimeUnit.MILLISECONDS).tag("k", tag).register(registry);
                updates.add(() -> source.addAndGet(random.nextInt(10)));
                break;
            case 7: {
                List<Measurement> measurements = List.of(new Measurement(() -> value[0], Statistic.TOTAL),
                        new Measurement(() -> value[0] / 2, Statistic.COUNT));
                meter = Meter.builder("churn.custom." + name, Meter.Type.OTHER, measurements).tag("k", tag)
                        .register(registry);
                updates.add(() -> value[0] += 3);
                break;
            }
            default:
                meter = Gauge.builder("churn.build." + name + ".info", () -> 1).tag("k", tag).register(registry);
        }
        if (!live.contains(meter)) {
            live.add(meter);
        }
    }
}
