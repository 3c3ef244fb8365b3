package io.github.promexport.runtime.binder.distribution;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.quarkus.runtime.configuration.ConfigurationException;
import io.quarkus.runtime.configuration.DurationConverter;

/**
 * Applies {@code quarkus.prometheus.distribution.*} to timers and distribution summaries as they are
 * registered. Every value is parsed at startup, so a typo fails startup with the key and the value.
 */
@Singleton
public class DistributionMeterFilter implements MeterFilter {

    static final String PREFIX = "quarkus.prometheus.distribution.";
    private static final Logger LOG = Logger.getLogger(DistributionMeterFilter.class);

    private final TreeMap<String, Boolean> histogram;
    private final TreeMap<String, double[]> percentiles;
    private final TreeMap<String, Value[]> slo;
    private final TreeMap<String, Value> minimum;
    private final TreeMap<String, Value> maximum;

    @Inject
    public DistributionMeterFilter(DistributionConfig config) {
        this(config.percentilesHistogram(), config.percentiles(), config.slo(), config.minimumExpectedValue(),
                config.maximumExpectedValue());
    }

    DistributionMeterFilter(Map<String, Boolean> histogram, Map<String, List<Double>> percentiles,
            Map<String, List<String>> slo, Map<String, String> minimum, Map<String, String> maximum) {
        this.histogram = new TreeMap<>(histogram);
        this.percentiles = new TreeMap<>();
        percentiles.forEach((name, values) -> this.percentiles.put(name, percentiles(name, values)));
        this.slo = new TreeMap<>();
        slo.forEach((name, values) -> {
            Value[] parsed = new Value[values.size()];
            for (int i = 0; i < parsed.length; i++) {
                parsed[i] = Value.parse(key("slo", name), values.get(i));
            }
            this.slo.put(name, parsed);
        });
        this.minimum = parseAll("minimum-expected-value", minimum);
        this.maximum = parseAll("maximum-expected-value", maximum);
    }

    @Override
    public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
        Meter.Type type = id.getType();
        boolean timer = type == Meter.Type.TIMER || type == Meter.Type.LONG_TASK_TIMER;
        if (!timer && type != Meter.Type.DISTRIBUTION_SUMMARY) {
            return config;
        }
        String name = id.getName();
        DistributionStatisticConfig.Builder builder = DistributionStatisticConfig.builder();
        boolean changed = false;
        Boolean publishHistogram = lookup(histogram, name);
        if (publishHistogram != null) {
            builder.percentilesHistogram(publishHistogram);
            changed = true;
        }
        double[] quantiles = lookup(percentiles, name);
        if (quantiles != null) {
            builder.percentiles(quantiles);
            changed = true;
        }
        Value[] objectives = lookup(slo, name);
        if (objectives != null) {
            double[] boundaries = new double[objectives.length];
            for (int i = 0; i < objectives.length; i++) {
                boundaries[i] = objectives[i].forMeter(timer, id);
            }
            builder.serviceLevelObjectives(boundaries);
            changed = true;
        }
        Value min = lookup(minimum, name);
        if (min != null) {
            builder.minimumExpectedValue(min.forMeter(timer, id));
            changed = true;
        }
        Value max = lookup(maximum, name);
        if (max != null) {
            builder.maximumExpectedValue(max.forMeter(timer, id));
            changed = true;
        }
        return changed ? builder.build().merge(config) : config;
    }

    /** The value of the longest key that is the name itself or one of its dotted prefixes. */
    static <T> T lookup(TreeMap<String, T> settings, String name) {
        if (settings.isEmpty()) {
            return null;
        }
        String candidate = name;
        while (true) {
            T value = settings.get(candidate);
            if (value != null) {
                return value;
            }
            int dot = candidate.lastIndexOf('.');
            if (dot < 0) {
                return null;
            }
            candidate = candidate.substring(0, dot);
        }
    }

    private static String key(String property, String name) {
        return PREFIX + property + ".\"" + name + "\"";
    }

    private static double[] percentiles(String name, List<Double> values) {
        double[] result = new double[values.size()];
        for (int i = 0; i < result.length; i++) {
            double value = values.get(i);
            if (!(value >= 0 && value <= 1)) {
                String key = key("percentiles", name);
                throw new ConfigurationException(key + ": " + value
                        + " is not a percentile: use values between 0 and 1. Example: " + key + "=0.5,0.95,0.99",
                        Set.of(key));
            }
            result[i] = value;
        }
        return result;
    }

    private static TreeMap<String, Value> parseAll(String property, Map<String, String> values) {
        TreeMap<String, Value> result = new TreeMap<>();
        values.forEach((name, value) -> result.put(name, Value.parse(key(property, name), value)));
        return result;
    }

    /** A configured boundary: a plain number, or a duration that only timers accept. */
    record Value(String key, String text, double number, Duration duration) {

        static Value parse(String key, String text) {
            String trimmed = text.trim();
            try {
                return new Value(key, trimmed, Double.parseDouble(trimmed), null);
            } catch (NumberFormatException notANumber) {
                // a duration, then
            }
            try {
                return new Value(key, trimmed, Double.NaN, DurationConverter.parseDuration(trimmed));
            } catch (RuntimeException e) {
                throw new ConfigurationException(key + ": \"" + text + "\" is neither a number nor a duration."
                        + " Use a duration such as 50ms, 2s or PT1S for a timer, a plain number for a distribution"
                        + " summary. Example: " + key + "=50ms", Set.of(key));
            }
        }

        /** Micrometer expects timer boundaries in nanoseconds. */
        double forMeter(boolean timer, Meter.Id id) {
            if (timer) {
                return duration != null ? duration.toNanos() : number * 1e9;
            }
            if (duration != null) {
                LOG.warnf("%s=%s: %s is a distribution summary, which takes plain numbers; the value is read as %s",
                        key, text, id.getName(), duration.toNanos() / 1e9);
                return duration.toNanos() / 1e9;
            }
            return number;
        }
    }
}
