package io.github.promexport.bench;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Registers about {@code bench.series} exposition samples: half labelled counters, a quarter labelled gauges
 * and a quarter from labelled timers with five SLO buckets (each timer gives 9 samples: 6 buckets, count, sum
 * and max). Both extensions bind MeterBinder beans at startup; the app without a metrics extension never does.
 */
@Singleton
public class SyntheticMeters implements MeterBinder {

    static final Duration[] SLOS = { Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(50),
            Duration.ofMillis(100), Duration.ofMillis(500) };

    private final int series;
    private final AtomicLong gaugeSource = new AtomicLong(42);
    /** Set by bindTo: the application without a metrics extension has none, and no churn. */
    private MeterRegistry registry;
    /** Oldest first, so that churn replaces the longest-lived meters. */
    private final ArrayDeque<Meter> counters = new ArrayDeque<>();
    private final ArrayDeque<Meter> gauges = new ArrayDeque<>();
    private long generation;

    SyntheticMeters(@ConfigProperty(name = "bench.series", defaultValue = "1000") int series) {
        this.series = series;
    }

    @Override
    public synchronized void bindTo(MeterRegistry registry) {
        this.registry = registry;
        int counterCount = series / 2;
        int gaugeCount = series / 4;
        int timers = Math.max(1, series / 4 / 9);
        for (int i = 0; i < counterCount; i++) {
            counters.addLast(counter(registry, "svc-" + (i % 50), "/api/v1/items/" + (i / 50), i));
        }
        for (int i = 0; i < gaugeCount; i++) {
            gauges.addLast(gauge(registry, "q-" + i, i));
        }
        for (int i = 0; i < timers; i++) {
            Timer timer = Timer.builder("bench.call.latency")
                    .description("Synthetic call latency")
                    .tag("operation", "op-" + i)
                    .serviceLevelObjectives(SLOS)
                    .register(registry);
            timer.record(Duration.ofMillis(3 + i % 200));
            timer.record(Duration.ofMillis(40));
        }
    }

    private static Meter counter(MeterRegistry registry, String service, String endpoint, long i) {
        Counter counter = Counter.builder("bench.requests")
                .description("Synthetic request counter")
                .tag("service", service)
                .tag("endpoint", endpoint)
                .tag("status", i % 7 == 0 ? "500" : "200")
                .register(registry);
        counter.increment(i + 1);
        return counter;
    }

    private Meter gauge(MeterRegistry registry, String queue, long i) {
        return Gauge.builder("bench.queue.size", gaugeSource, source -> source.get() + 0.5)
                .description("Synthetic queue size")
                .baseUnit("items")
                .tag("queue", queue)
                .tag("region", i % 2 == 0 ? "eu-west" : "us-east")
                .register(registry);
    }

    /**
     * Replaces {@code percent} % of the counters and of the gauges (the oldest ones) with new meters of the same
     * families and new label values, as an application minting short-lived per-tenant meters does.
     *
     * @return how many meters were replaced, or -1 when no metrics extension bound the meters
     */
    public synchronized int churn(double percent) {
        if (registry == null) {
            return -1;
        }
        int replaced = 0;
        generation++;
        int counterCount = (int) Math.max(1, Math.round(counters.size() * percent / 100));
        for (int i = 0; i < counterCount; i++) {
            registry.remove(counters.removeFirst());
            counters.addLast(counter(registry, "svc-churn-" + generation, "/api/v1/tenants/" + i, i));
            replaced++;
        }
        int gaugeCount = (int) Math.max(1, Math.round(gauges.size() * percent / 100));
        for (int i = 0; i < gaugeCount; i++) {
            registry.remove(gauges.removeFirst());
            gauges.addLast(gauge(registry, "q-churn-" + generation + "-" + i, i));
            replaced++;
        }
        return replaced;
    }
}
