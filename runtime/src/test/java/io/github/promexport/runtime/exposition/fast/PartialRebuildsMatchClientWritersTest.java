package io.github.promexport.runtime.exposition.fast;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

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
