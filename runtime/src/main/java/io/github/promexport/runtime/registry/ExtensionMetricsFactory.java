package io.github.promexport.runtime.registry;

import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.metrics.MetricsFactory;

/**
 * The {@link MetricsFactory} that Quarkus extensions (Agroal with {@code quarkus.datasource.metrics.enabled=true},
 * Hibernate ORM with {@code quarkus.hibernate-orm.metrics.enabled=true}, ...) publish their metrics through when
 * quarkus-micrometer is absent; they land in the application's registry, so both endpoints serve them.
 * <p>
 * Names are made to pass {@code promtool check metrics}, which Quarkus's own names do not:
 * <ul>
 * <li>a time unit other than seconds ({@code milliseconds}, ...) becomes seconds, the value converted:
 * {@code agroal.blocking.time.max} in milliseconds is {@code agroal_blocking_time_max_seconds};</li>
 * <li>a gauge name ending in {@code .count}, {@code .sum} or {@code .bucket} (suffixes Prometheus reserves for
 * histograms and summaries) loses that suffix: {@code agroal.active.count} is {@code agroal_active}. Counters keep
 * their name and get {@code _total}: {@code agroal_acquire_count_total}.</li>
 * </ul>
 */
public final class ExtensionMetricsFactory implements MetricsFactory {

    private final MeterRegistry registry;

    public ExtensionMetricsFactory(MeterRegistry registry) {
        this.registry = registry;
    }

    /** The meters are Micrometer meters, in a registry that Micrometer's global registry holds. */
    @Override
    public boolean metricsSystemSupported(String name) {
        return MICROMETER.equals(name);
    }

    @Override
    public MetricBuilder builder(String name, Type type) {
        return new Builder(name);
    }

    /** The gauge name without a suffix Prometheus reserves for histograms and summaries. */
    static String gaugeName(String name) {
        for (String reserved : new String[] { ".count", "_count", ".sum", "_sum", ".bucket", "_bucket" }) {
            if (name.endsWith(reserved) && name.length() > reserved.length()) {
                return name.substring(0, name.length() - reserved.length());
            }
        }
        return name;
    }

    /** How many seconds one of this unit is, or 0 when it is not a time unit other than seconds. */
    static double secondsPer(String unit) {
        if (unit == null) {
            return 0;
        }
        return switch (unit.toLowerCase(Locale.ROOT)) {
            case "nanoseconds", "nanosecond", "ns" -> 1e-9;
            case "microseconds", "microsecond", "us" -> 1e-6;
            case "milliseconds", "millisecond", "ms" -> 1e-3;
            case "minutes", "minute" -> 60;
            case "hours", "hour" -> 3600;
            case "days", "day" -> 86400;
            default -> 0;
        };
    }

    private final class Builder implements MetricBuilder {
        private final String name;
        private String description;
        private String unit;
        private Tags tags = Tags.empty();

        Builder(String name) {
            this.name = name;
        }

        @Override
        public MetricBuilder description(String description) {
            this.description = description;
            return this;
        }

        @Override
        public MetricBuilder tag(String key, String value) {
            tags = tags.and(key, value);
            return this;
        }

        @Override
        public MetricBuilder unit(String unit) {
            this.unit = unit;
            return this;
        }

        private String baseUnit() {
            return secondsPer(unit) != 0 ? "seconds" : unit;
        }

        /** The value in the base unit. */
        private <T> ToDoubleFunction<T> inBaseUnit(ToDoubleFunction<T> value) {
            double factor = secondsPer(unit);
            return factor == 0 ? value : obj -> value.applyAsDouble(obj) * factor;
        }

        @Override
        public void buildCounter(Supplier<Number> countFunction) {
            FunctionCounter.builder(name, countFunction, inBaseUnit(s -> s.get().doubleValue()))
                    .description(description).baseUnit(baseUnit()).tags(tags).register(registry);
        }

        @Override
        public <T, R extends Number> void buildCounter(T obj, Function<T, R> countFunction) {
            FunctionCounter.builder(name, obj, inBaseUnit(o -> countFunction.apply(o).doubleValue()))
                    .description(description).baseUnit(baseUnit()).tags(tags).register(registry);
        }

        @Override
        public void buildGauge(Supplier<Number> gaugeFunction) {
            // Strong references: the extension keeps no reference to what it measures.
            Gauge.builder(gaugeName(name), gaugeFunction, inBaseUnit(s -> s.get().doubleValue()))
                    .description(description).baseUnit(baseUnit()).tags(tags).strongReference(true).register(registry);
        }

        @Override
        public <T, R extends Number> void buildGauge(T obj, Function<T, R> gaugeFunction) {
            Gauge.builder(gaugeName(name), obj, inBaseUnit(o -> gaugeFunction.apply(o).doubleValue()))
                    .description(description).baseUnit(baseUnit()).tags(tags).strongReference(true).register(registry);
        }

        private Timer timer() {
            return Timer.builder(name).description(description).tags(tags).register(registry);
        }

        @Override
        public TimeRecorder buildTimer() {
            Timer timer = timer();
            return (amount, timeUnit) -> timer.record(amount, timeUnit);
        }

        @Override
        public Runnable buildTimer(Runnable f) {
            return timer().wrap(f);
        }

        @Override
        public <T> Callable<T> buildTimer(Callable<T> f) {
            return timer().wrap(f);
        }

        @Override
        public <T> Supplier<T> buildTimer(Supplier<T> f) {
            return timer().wrap(f);
        }
    }

}
