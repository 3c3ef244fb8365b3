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
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

/**
 * Random registries from a small vocabulary, so that names, tags and types collide the ways Micrometer and the
 * client handle specially; after every step both expositions must give the same bytes, or both must fail.
 */
class RandomRegistriesMatchClientWritersTest {

    private static final String[] NAMES = { "a", "a.b", "a_b", "b.total", "c.info", "c", "d", "d.seconds.max",
            "e-e", "9lives", "http.server.requests", "x.max", "x" };
    private static final String[] KEYS = { "k", "k2", "method", "k.x", "k_x", "le", "quantile", "statistic" };
    private static final String[] VALUES = { "v", "", "GET", "a\"b", "c\\d", "e\nf", "ü☃🎉", "1", "2", "3" };
    private static final Statistic[] STATISTICS = Statistic.values();

    @ParameterizedTest
    @ValueSource(longs = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 42, 4711 })
    void randomRegistries(long seed) {
        Random random = new Random(seed);
        ExpositionCheck check = new ExpositionCheck();
        List<Meter> meters = new ArrayList<>();
        List<Runnable> updates = new ArrayList<>();
        int succeeded = 0;
        for (int step = 0; step < 60; step++) {
            int action = random.nextInt(10);
            if (action < 4 || meters.isEmpty()) {
                try {
                    register(random, check.meters, meters, updates);
                } catch (IllegalArgumentException e) {
                    // Same name and tags as an existing meter of another type: Micrometer refuses it outright.
                }
            } else if (action < 5) {
                check.meters.remove(meters.remove(random.nextInt(meters.size())));
            } else {
                for (int i = 0; i < 3 && !updates.isEmpty(); i++) {
                    updates.get(random.nextInt(updates.size())).run();
                }
                check.clock.add(Duration.ofMillis(random.nextInt(5000)));
            }
            if (check.assertSameOutcome() != null) {
                succeeded++;
                // Whatever the client can scrape, the fast path writes (at least in part) itself.
                assertTrue(check.layout().startsWith("clientOnly=false"), check.layout());
            }
        }
        assertTrue(succeeded > 0, "every scrape failed for seed " + seed);
    }

    private static void register(Random random, MeterRegistry registry, List<Meter> meters, List<Runnable> updates) {
        String name = NAMES[random.nextInt(NAMES.length)];
        Tags tags = Tags.empty();
        int tagCount = random.nextInt(3);
        for (int i = 0; i < tagCount; i++) {
            // Mostly plain keys, so that most registries can be scraped at all.
            String key = random.nextInt(6) == 0 ? KEYS[random.nextInt(KEYS.length)] : KEYS[random.nextInt(3)];
            tags = tags.and(key, VALUES[random.nextInt(VALUES.length)]);
        }
        String description = random.nextBoolean() ? null : "help " + VALUES[random.nextInt(VALUES.length)];
        AtomicLong source = new AtomicLong(random.nextInt(100));
        double[] value = { random.nextInt(1000) / 8.0 };
        Meter meter;
        switch (random.nextInt(9)) {
            case 0: {
                Counter counter = Counter.builder(name).tags(tags).description(description).register(registry);
                updates.add(() -> counter.increment(value[0]++));
                meter = counter;
                break;
            }
            case 1: {
                meter = Gauge.builder(name, value, v -> v[0]).tags(tags).description(description).register(registry);
                updates.add(() -> value[0] = pick(random));
                break;
            }
            case 2: {
                Timer.Builder builder = Timer.builder(name).tags(tags).description(description);
                switch (random.nextInt(4)) {
                    case 0:
                        builder.publishPercentiles(0.5, 0.9);
                        break;
                    case 1:
                        builder.serviceLevelObjectives(Duration.ofMillis(1), Duration.ofMillis(100));
                        break;
                    case 2:
                        builder.publishPercentileHistogram();
                        break;
                    default:
                }
                Timer timer = builder.register(registry);
                updates.add(() -> timer.record(Duration.ofMillis(random.nextInt(200))));
                meter = timer;
                break;
            }
            case 3: {
                DistributionSummary.Builder builder = DistributionSummary.builder(name).tags(tags)
                        .description(description).scale(random.nextInt(3) + 0.5);
                switch (random.nextInt(4)) {
                    case 0:
                        builder.publishPercentiles(0.75);
                        break;
                    case 1:
                        builder.serviceLevelObjectives(1, 5, 25);
                        break;
                    case 2:
                        builder.publishPercentileHistogram().maximumExpectedValue(100.0);
                        break;
                    default:
                }
                DistributionSummary summary = builder.register(registry);
                updates.add(() -> summary.record(random.nextInt(50) / 3.0));
                meter = summary;
                break;
            }
            case 4: {
                meter = FunctionCounter.builder(name, source, AtomicLong::get).tags(tags).description(description)
                        .register(registry);
                // Occasionally negative: the client refuses such a scrape, and so must we.
                updates.add(() -> source.addAndGet(random.nextInt(20) == 0 ? -1000 : random.nextInt(10)));
                break;
            }
            case 5: {
                meter = FunctionTimer.builder(name, source, AtomicLong::get, s -> s.get() * 1.5, TimeUnit.SECONDS)
                        .tags(tags).description(description).register(registry);
                updates.add(() -> source.addAndGet(random.nextInt(10)));
                break;
            }
            case 6: {
                LongTaskTimer.Builder builder = LongTaskTimer.builder(name).tags(tags).description(description);
                if (random.nextBoolean()) {
                    builder.serviceLevelObjectives(Duration.ofSeconds(1), Duration.ofSeconds(3));
                }
                LongTaskTimer timer = builder.register(registry);
                updates.add(timer::start);
                meter = timer;
                break;
            }
            case 7: {
                List<Measurement> measurements = new ArrayList<>();
                int count = 1 + random.nextInt(3);
                for (int i = 0; i < count; i++) {
                    Statistic statistic = STATISTICS[random.nextInt(STATISTICS.length)];
                    measurements.add(new Measurement(() -> value[0], statistic));
                }
                meter = Meter.builder(name, Meter.Type.OTHER, measurements).tags(tags).description(description)
                        .register(registry);
                updates.add(() -> value[0] += 1.5);
                break;
            }
            default: {
                meter = Gauge.builder(name + ".info", () -> 1).tags(tags).register(registry);
            }
        }
        meters.add(meter);
    }

    private static double pick(Random random) {
        switch (random.nextInt(6)) {
            case 0:
                return Double.NaN;
            case 1:
                return Double.POSITIVE_INFINITY;
            case 2:
                return -random.nextInt(100);
            case 3:
                return random.nextDouble() * 1e9;
            case 4:
                return random.nextInt(10_000_000);
            default:
                return random.nextGaussian();
        }
    }
}
