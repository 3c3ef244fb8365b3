package io.github.promexport.bench;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
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

    SyntheticMeters(@ConfigProperty(name = "bench.series", defaultValue = "1000") int series) {
        this.series = series;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        int counters = series / 2;
        int gauges = series / 4;
        int timers = Math.max(1, series / 4 / 9);
        for (int i = 0; i < counters; i++) {
            Counter.builder("bench.requests")
                    .description("Synthetic request counter")
                    .tag("service", "svc-" + (i % 50))
                    .tag("endpoint", "/api/v1/items/" + (i / 50))
                    .tag("status", i % 7 == 0 ? "500" : "200")
                    .register(registry)
                    .increment(i + 1);
        }
        for (int i = 0; i < gauges; i++) {
            Gauge.builder("bench.queue.size", gaugeSource, source -> source.get() + 0.5)
                    .description("Synthetic queue size")
                    .baseUnit("items")
                    .tag("queue", "q-" + i)
                    .tag("region", i % 2 == 0 ? "eu-west" : "us-east")
                    .register(registry);
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
}
