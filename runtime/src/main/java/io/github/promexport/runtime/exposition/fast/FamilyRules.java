package io.github.promexport.runtime.exposition.fast;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.LongTaskTimer;
import io.micrometer.core.instrument.Measurement;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Statistic;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.config.NamingConvention;
import io.micrometer.core.instrument.internal.DefaultMeter;
import io.micrometer.prometheusmetrics.PrometheusDistributionSummary;

/**
 * A copy of Micrometer 1.16.3's meter-to-family rules ({@code PrometheusMeterRegistry.newCounter}, {@code newGauge},
 * {@code newTimer}, ... ): which families, of which type and with which labels each meter contributes to the
 * collector of its name. The rules only predict; the {@link LayoutBuilder} checks every prediction against the
 * collector's snapshot and leaves a name whose families differ to the client.
 * <p>
 * Each predicted data point also gets the slots of {@link ScrapeValues} its meter's reads fill. Reading a meter's
 * measurements to learn their statistics never reads a value ({@code Measurement.getValue} is not called).
 */
final class FamilyRules {

    private final NamingConvention convention;
    /** The convention's names and tag keys, computed once per distinct input within one build. */
    private final Map<NameKey, String> names = new HashMap<>();
    private final Map<String, String> tagKeys = new HashMap<>();
    private final List<String> scratchKeys = new ArrayList<>();
    private final List<String> scratchValues = new ArrayList<>();
    private List<String> lastKeys = List.of();
    private int scalarCount;
    private int distributionCount;

    FamilyRules(NamingConvention convention) {
        this(convention, 0, 0);
    }

    /** Rules whose slots start after those of the names a partial rebuild keeps. */
    FamilyRules(NamingConvention convention, int firstScalar, int firstDistribution) {
        this.convention = convention;
        this.scalarCount = firstScalar;
        this.distributionCount = firstDistribution;
    }

    /** {@code id.getConventionName(convention)}, computed once per name, type and base unit. */
    String conventionName(Meter.Id id) {
        NameKey key = new NameKey(id.getName(), id.getType(), id.getBaseUnit());
        String name = names.get(key);
        if (name == null) {
            name = id.getConventionName(convention);
            names.put(key, name);
        }
        return name;
    }

    private record NameKey(String name, Meter.Type type, String baseUnit) {
    }

    int scalarCount() {
        return scalarCount;
    }

    /** A new scalar slot after every other, for a data point added to a family in place. */
    int newScalar() {
        return scalarCount++;
    }

    /**
     * The type of the one family a counter, function counter or gauge contributes under its name, as
     * {@link #predict} decides it; {@code null} for every other meter.
     */
    static FamilyType scalarType(Meter meter) {
        if (meter instanceof Counter || meter instanceof FunctionCounter) {
            return FamilyType.COUNTER;
        }
        if (meter instanceof Gauge) {
            return meter.getId().getName().endsWith(".info") ? FamilyType.INFO : FamilyType.GAUGE;
        }
        return null;
    }

    /** The convention's tag keys of {@code id}, in the id's order, as {@link #predict} computes them. */
    List<String> tagKeys(Meter.Id id) {
        List<String> keys = new ArrayList<>();
        for (Tag tag : id.getTagsAsIterable()) {
            String key = tagKeys.get(tag.getKey());
            if (key == null) {
                key = convention.tagKey(tag.getKey());
                tagKeys.put(tag.getKey(), key);
            }
            keys.add(key);
        }
        return keys;
    }

    int distributionCount() {
        return distributionCount;
    }

    /**
     * Adds the families {@code meter} contributes under the collector name {@code name} to {@code families}
     * (keyed by family name); false for a meter class the rules do not know.
     */
    boolean predict(String name, Meter meter, Map<String, PredictedFamily> families) {
        // As Meter.Id.getConventionTags, with each distinct key converted once, and the key list shared by the
        // meters that have the same keys as the one before (all of a name's, as Micrometer wants them).
        scratchKeys.clear();
        scratchValues.clear();
        for (Tag tag : meter.getId().getTagsAsIterable()) {
            String key = tagKeys.get(tag.getKey());
            if (key == null) {
                key = convention.tagKey(tag.getKey());
                tagKeys.put(tag.getKey(), key);
            }
            scratchKeys.add(key);
            scratchValues.add(tag.getValue());
        }
        if (!scratchKeys.equals(lastKeys)) {
            lastKeys = List.copyOf(scratchKeys);
        }
        List<String> keys = lastKeys;
        List<String> values = List.copyOf(scratchValues);
        if (meter instanceof Counter || meter instanceof FunctionCounter) {
            family(families, name, FamilyType.COUNTER).add(new PredictedPoint(meter, keys, values, scalarCount++, -1));
        } else if (meter instanceof Gauge) {
            if (meter.getId().getName().endsWith(".info")) {
                family(families, name, FamilyType.INFO).add(new PredictedPoint(meter, keys, values, -1, -1));
            } else {
                family(families, name, FamilyType.GAUGE).add(new PredictedPoint(meter, keys, values, scalarCount++, -1));
            }
        } else if (meter instanceof Timer || meter instanceof LongTaskTimer
                || meter instanceof PrometheusDistributionSummary) {
            PredictedPoint point = new PredictedPoint(meter, keys, values, scalarCount++, distributionCount++);
            family(families, name, FamilyType.DISTRIBUTION).add(point);
            // The _max gauge: its slot is filled by the distribution's read.
            family(families, name + "_max", FamilyType.GAUGE).add(new PredictedPoint(null, keys, values, point.slot, -1));
        } else if (meter instanceof FunctionTimer) {
            family(families, name, FamilyType.SUMMARY).add(new PredictedPoint(meter, keys, values, -1, distributionCount++));
        } else if (meter instanceof DefaultMeter) {
            return predictCustomMeter(name, meter, keys, values, families);
        } else {
            return false;
        }
        return true;
    }

    /** {@code newMeter}: one family per statistic; one read of {@code measure()} fills all of the meter's slots. */
    private boolean predictCustomMeter(String name, Meter meter, List<String> keys, List<String> values,
            Map<String, PredictedFamily> families) {
        List<Statistic> statistics = new ArrayList<>();
        for (Measurement measurement : meter.measure()) {
            statistics.add(measurement.getStatistic());
        }
        int first = scalarCount;
        scalarCount += statistics.size();
        List<String> statKeys = new ArrayList<>(keys);
        statKeys.add("statistic");
        for (int i = 0; i < statistics.size(); i++) {
            Statistic statistic = statistics.get(i);
            List<String> statValues = new ArrayList<>(values);
            statValues.add(statistic.toString());
            PredictedPoint point = new PredictedPoint(i == 0 ? meter : null, statKeys, statValues, first + i, -1);
            point.statistics = i == 0 ? statistics.toArray(new Statistic[0]) : null;
            switch (statistic) {
                case TOTAL:
                case TOTAL_TIME:
                    family(families, name + "_sum", FamilyType.COUNTER).add(point);
                    break;
                case COUNT:
                    family(families, name, FamilyType.COUNTER).add(point);
                    break;
                case MAX:
                    family(families, name + "_max", FamilyType.GAUGE).add(point);
                    break;
                case VALUE:
                case UNKNOWN:
                    family(families, name + "_value", FamilyType.GAUGE).add(point);
                    break;
                case ACTIVE_TASKS:
                    family(families, name + "_active_count", FamilyType.GAUGE).add(point);
                    break;
                case DURATION:
                    family(families, name + "_duration_sum", FamilyType.GAUGE).add(point);
                    break;
                default:
                    return false;
            }
        }
        // Without measurements, no families at all: the collector owning the name has none either.
        return true;
    }

    private static PredictedFamily family(Map<String, PredictedFamily> families, String name, FamilyType type) {
        PredictedFamily family = families.computeIfAbsent(name, n -> new PredictedFamily(type));
        if (family.type != type) {
            family.conflicting = true;
        }
        return family;
    }

    /** The data points one family name is predicted to have. */
    static final class PredictedFamily {
        final FamilyType type;
        final List<PredictedPoint> points = new ArrayList<>();
        /** Meters of the name predict this family with different types: the client decides. */
        boolean conflicting;

        PredictedFamily(FamilyType type) {
            this.type = type;
        }

        void add(PredictedPoint point) {
            points.add(point);
        }
    }

    /** One predicted data point: its label names and values, and the slots that hold its values. */
    static final class PredictedPoint {
        /** The meter whose read fills this data point's slots; {@code null} when another point's read does. */
        final Meter meter;
        final List<String> keys;
        final List<String> values;
        /** The scalar slot ({@code -1}: none). */
        final int slot;
        /** The distribution slot ({@code -1}: none). */
        final int distribution;
        /** A custom meter's statistics, in its order; only on the point whose read fills them. */
        Statistic[] statistics;

        PredictedPoint(Meter meter, List<String> keys, List<String> values, int slot, int distribution) {
            this.meter = meter;
            this.keys = keys;
            this.values = values;
            this.slot = slot;
            this.distribution = distribution;
        }
    }
}
