package io.github.promexport.runtime.exposition.fast;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import io.github.promexport.runtime.exposition.fast.Families.Family;
import io.github.promexport.runtime.exposition.fast.Families.HistogramFamily;
import io.github.promexport.runtime.exposition.fast.Families.ScalarFamily;
import io.github.promexport.runtime.exposition.fast.Families.SummaryFamily;
import io.github.promexport.runtime.exposition.fast.Sources.CounterSource;
import io.github.promexport.runtime.exposition.fast.Sources.CustomMeterSource;
import io.github.promexport.runtime.exposition.fast.Sources.DistributionSummarySource;
import io.github.promexport.runtime.exposition.fast.Sources.FunctionCounterSource;
import io.github.promexport.runtime.exposition.fast.Sources.FunctionTimerSource;
import io.github.promexport.runtime.exposition.fast.Sources.GaugeSource;
import io.github.promexport.runtime.exposition.fast.Sources.HistogramSupportSource;
import io.github.promexport.runtime.exposition.fast.Sources.Shape;
import io.github.promexport.runtime.exposition.fast.Sources.Source;
import io.github.promexport.runtime.registry.TrackingPrometheusRegistry;
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
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.DataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.InfoSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.Quantiles;
import io.prometheus.metrics.model.snapshots.SummarySnapshot;

/**
 * What a scrape writes, decided once per set of meters: the families in the client's order with their encoded
 * bytes, the sources that read the meters, and the Micrometer collectors whose families are left to the client.
 * <p>
 * It is built from the meters and checked against what Micrometer's own collectors return at that moment: family
 * names, types, help texts and data point order are taken from those snapshots, so the layout cannot disagree
 * with the client about anything but values. A meter name whose families do not match what this class predicts
 * is left to the client ({@link #clientCollectors}); a registry state the client itself refuses to scrape, or a
 * meter class this class does not know, makes the whole layout {@link #clientOnly}.
 */
final class Layout {

    /** The registry generation this layout reflects. */
    final long generation;
    /** The registry was caught in a state the layout could not explain: build again soon even if unchanged. */
    final boolean retry;
    final boolean clientOnly;
    final Source[] sources;
    final Family[] families;
    final List<MultiCollector> clientCollectors;
    final int scalarCount;
    final int distributionCount;

    private Layout(long generation, boolean retry, boolean clientOnly, Source[] sources, Family[] families,
            List<MultiCollector> clientCollectors, int scalarCount, int distributionCount) {
        this.generation = generation;
        this.retry = retry;
        this.clientOnly = clientOnly;
        this.sources = sources;
        this.families = families;
        this.clientCollectors = clientCollectors;
        this.scalarCount = scalarCount;
        this.distributionCount = distributionCount;
    }

    static Layout clientOnly(long generation, boolean retry) {
        return new Layout(generation, retry, true, new Source[0], new Family[0], List.of(), 0, 0);
    }

    Sample newSample() {
        return new Sample(scalarCount, distributionCount);
    }

    static Layout build(PrometheusMeterRegistry meters, TrackingPrometheusRegistry registry) {
        Set<MultiCollector> forcedToClient = Collections.newSetFromMap(new IdentityHashMap<>());
        while (true) {
            Builder builder = new Builder(meters, registry, forcedToClient);
            Layout layout = builder.build();
            if (layout.clientOnly) {
                return layout;
            }
            // A trial read: a meter whose values do not fit the shape taken from the collector's snapshot is
            // left to the client, so that scrapes do not keep failing over to the client path.
            Sample sample = layout.newSample();
            int failed = forcedToClient.size();
            for (int i = 0; i < layout.sources.length; i++) {
                try {
                    layout.sources[i].sample(sample);
                } catch (Sample.LayoutMismatch e) {
                    forcedToClient.add(builder.sourceOwners.get(i));
                } catch (RuntimeException e) {
                    // A value the client refuses too (a negative counter) or a failing meter: the scrape will fail
                    // as the client's would, which is no reason to give up the fast path for good.
                }
            }
            if (forcedToClient.size() == failed) {
                return layout;
            }
        }
    }

    private static final class Builder {
        private final PrometheusMeterRegistry meters;
        private final TrackingPrometheusRegistry registry;
        private final Set<MultiCollector> forcedToClient;
        private final Map<String, MetricSnapshot> snapshotByName = new HashMap<>();
        private final Map<String, MultiCollector> ownerByName = new HashMap<>();
        private final Map<MultiCollector, Set<String>> namesByOwner = new IdentityHashMap<>();
        private final List<Source> sources = new ArrayList<>();
        private final List<MultiCollector> sourceOwners = new ArrayList<>();
        private final List<Family> families = new ArrayList<>();
        private int scalarCount;
        private int distributionCount;

        Builder(PrometheusMeterRegistry meters, TrackingPrometheusRegistry registry,
                Set<MultiCollector> forcedToClient) {
            this.meters = meters;
            this.registry = registry;
            this.forcedToClient = forcedToClient;
        }

        Layout build() {
            long generation = registry.generation();
            for (MultiCollector collector : registry.micrometerCollectors()) {
                MetricSnapshots snapshots;
                try {
                    snapshots = collector.collect();
                } catch (RuntimeException e) {
                    // The client scrape fails as well; try again on the next scrape.
                    return clientOnly(generation, true);
                }
                Set<String> names = new TreeSet<>();
                for (MetricSnapshot snapshot : snapshots) {
                    String name = snapshot.getMetadata().getPrometheusName();
                    if (snapshotByName.put(name, snapshot) != null) {
                        // Two meter names share a family name: the client refuses every scrape.
                        return clientOnly(generation, false);
                    }
                    ownerByName.put(name, collector);
                    names.add(name);
                }
                namesByOwner.put(collector, names);
            }

            NamingConvention convention = meters.config().namingConvention();
            Map<String, List<Meter>> groups = new TreeMap<>();
            for (Meter meter : meters.getMeters()) {
                if (!registry.registrationFailed(meter.getId())) {
                    groups.computeIfAbsent(meter.getId().getConventionName(convention), n -> new ArrayList<>()).add(meter);
                }
            }

            Set<MultiCollector> claimed = Collections.newSetFromMap(new IdentityHashMap<>());
            List<MultiCollector> clientCollectors = new ArrayList<>();
            for (Map.Entry<String, List<Meter>> group : groups.entrySet()) {
                Map<String, Draft> drafts = new LinkedHashMap<>();
                for (Meter meter : group.getValue()) {
                    if (!predict(group.getKey(), meter, convention, drafts)) {
                        return clientOnly(generation, false);
                    }
                }
                if (drafts.isEmpty()) {
                    // Custom meters without measurements: no families, here or in the client.
                    continue;
                }
                MultiCollector owner = ownerOf(drafts);
                if (owner == null) {
                    // Meters without their collector: a registration under way, or one Micrometer refused without
                    // telling us. Leave everything to the client and look again on the next scrape.
                    return clientOnly(generation, true);
                }
                if (!claimed.add(owner)) {
                    return clientOnly(generation, true);
                }
                if (forcedToClient.contains(owner) || !plan(drafts, owner)) {
                    clientCollectors.add(owner);
                }
            }
            for (MultiCollector collector : registry.micrometerCollectors()) {
                if (!claimed.contains(collector)) {
                    clientCollectors.add(collector);
                }
            }
            families.sort(Comparator.comparing(family -> family.name));
            return new Layout(generation, false, false, sources.toArray(new Source[0]), families.toArray(new Family[0]),
                    List.copyOf(clientCollectors), scalarCount, distributionCount);
        }

        /** The one collector that returned exactly the predicted families, or {@code null}. */
        private MultiCollector ownerOf(Map<String, Draft> drafts) {
            MultiCollector owner = null;
            for (String name : drafts.keySet()) {
                MultiCollector candidate = ownerByName.get(name);
                if (candidate == null || (owner != null && owner != candidate)) {
                    return null;
                }
                owner = candidate;
            }
            if (owner == null || !namesByOwner.get(owner).equals(new TreeSet<>(drafts.keySet()))) {
                return null;
            }
            return owner;
        }

        /** Mirrors which families {@code PrometheusMeterRegistry.newX} gives each meter; false for unknown meters. */
        private boolean predict(String name, Meter meter, NamingConvention convention, Map<String, Draft> drafts) {
            List<String> keys = new ArrayList<>();
            for (Tag tag : meter.getId().getConventionTags(convention)) {
                keys.add(tag.getKey());
            }
            List<String> values = new ArrayList<>();
            for (Tag tag : meter.getId().getTagsAsIterable()) {
                values.add(tag.getValue());
            }
            if (meter instanceof Counter || meter instanceof FunctionCounter) {
                draft(drafts, name, Kind.COUNTER).add(new Entry(meter, keys, values, scalarCount++, -1));
            } else if (meter instanceof Gauge) {
                if (meter.getId().getName().endsWith(".info")) {
                    draft(drafts, name, Kind.INFO).add(new Entry(meter, keys, values, -1, -1));
                } else {
                    draft(drafts, name, Kind.GAUGE).add(new Entry(meter, keys, values, scalarCount++, -1));
                }
            } else if (meter instanceof Timer || meter instanceof LongTaskTimer
                    || meter instanceof PrometheusDistributionSummary) {
                Entry entry = new Entry(meter, keys, values, scalarCount++, distributionCount++);
                draft(drafts, name, Kind.DISTRIBUTION).add(entry);
                draft(drafts, name + "_max", Kind.GAUGE).add(new Entry(null, keys, values, entry.slot, -1));
            } else if (meter instanceof FunctionTimer) {
                draft(drafts, name, Kind.SUMMARY).add(new Entry(meter, keys, values, -1, distributionCount++));
            } else if (meter instanceof DefaultMeter) {
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
                    Entry entry = new Entry(i == 0 ? meter : null, statKeys, statValues, first + i, -1);
                    entry.statistics = i == 0 ? statistics.toArray(new Statistic[0]) : null;
                    switch (statistic) {
                        case TOTAL:
                        case TOTAL_TIME:
                            draft(drafts, name + "_sum", Kind.COUNTER).add(entry);
                            break;
                        case COUNT:
                            draft(drafts, name, Kind.COUNTER).add(entry);
                            break;
                        case MAX:
                            draft(drafts, name + "_max", Kind.GAUGE).add(entry);
                            break;
                        case VALUE:
                        case UNKNOWN:
                            draft(drafts, name + "_value", Kind.GAUGE).add(entry);
                            break;
                        case ACTIVE_TASKS:
                            draft(drafts, name + "_active_count", Kind.GAUGE).add(entry);
                            break;
                        case DURATION:
                            draft(drafts, name + "_duration_sum", Kind.GAUGE).add(entry);
                            break;
                        default:
                            return false;
                    }
                }
                if (statistics.isEmpty()) {
                    // No families at all: the collector owning the name has none either; nothing to write.
                    return true;
                }
            } else {
                return false;
            }
            return true;
        }

        private static Draft draft(Map<String, Draft> drafts, String name, Kind kind) {
            Draft draft = drafts.computeIfAbsent(name, n -> new Draft(kind));
            if (draft.kind != kind) {
                draft.conflicting = true;
            }
            return draft;
        }

        /**
         * Matches every predicted data point to one of the collector's, in the collector's order, and adds the
         * group's families and sources; false (and nothing added) when anything differs.
         */
        private boolean plan(Map<String, Draft> drafts, MultiCollector owner) {
            List<Family> groupFamilies = new ArrayList<>();
            List<Source> groupSources = new ArrayList<>();
            for (Map.Entry<String, Draft> named : drafts.entrySet()) {
                Draft draft = named.getValue();
                MetricSnapshot snapshot = snapshotByName.get(named.getKey());
                List<? extends DataPointSnapshot> points = snapshot.getDataPoints();
                if (draft.conflicting || points.size() != draft.entries.size() || !typeMatches(draft.kind, snapshot)) {
                    return false;
                }
                Map<Labels, Integer> positions = new HashMap<>();
                for (int i = 0; i < points.size(); i++) {
                    DataPointSnapshot point = points.get(i);
                    if (point.hasScrapeTimestamp() || hasExemplars(point)) {
                        return false;
                    }
                    positions.put(point.getLabels(), i);
                }
                Labels[] labels = new Labels[points.size()];
                Entry[] ordered = new Entry[points.size()];
                for (Entry entry : draft.entries) {
                    Labels entryLabels;
                    try {
                        entryLabels = Labels.of(entry.keys, entry.values);
                    } catch (RuntimeException e) {
                        return false;
                    }
                    Integer position = positions.get(entryLabels);
                    if (position == null || ordered[position] != null) {
                        return false;
                    }
                    ordered[position] = entry;
                    labels[position] = entryLabels;
                }
                switch (draft.kind) {
                    case COUNTER:
                    case GAUGE:
                    case INFO:
                        int[] slots = new int[ordered.length];
                        for (int i = 0; i < ordered.length; i++) {
                            slots[i] = ordered[i].slot;
                            Source source = scalarSource(ordered[i]);
                            if (source != null) {
                                groupSources.add(source);
                            }
                        }
                        ScalarFamily.Kind kind = draft.kind == Kind.COUNTER ? ScalarFamily.Kind.COUNTER
                                : draft.kind == Kind.GAUGE ? ScalarFamily.Kind.GAUGE : ScalarFamily.Kind.INFO;
                        groupFamilies.add(new ScalarFamily(snapshot.getMetadata(), kind, labels, slots));
                        break;
                    default:
                        int[] distributions = new int[ordered.length];
                        double[][] shapes = new double[ordered.length][];
                        boolean histogram = snapshot instanceof HistogramSnapshot;
                        for (int i = 0; i < ordered.length; i++) {
                            Entry entry = ordered[i];
                            distributions[i] = entry.distribution;
                            Shape shape;
                            if (histogram) {
                                if (!(points.get(i) instanceof HistogramSnapshot.HistogramDataPointSnapshot)) {
                                    return false;
                                }
                                ClassicHistogramBuckets buckets = ((HistogramSnapshot.HistogramDataPointSnapshot) points
                                        .get(i)).getClassicBuckets();
                                if (buckets.isEmpty()) {
                                    return false;
                                }
                                double[] bounds = new double[buckets.size()];
                                for (int b = 0; b < bounds.length; b++) {
                                    bounds[b] = buckets.getUpperBound(b);
                                }
                                shape = new Shape(bounds, null);
                                shapes[i] = bounds;
                            } else {
                                if (!(points.get(i) instanceof SummarySnapshot.SummaryDataPointSnapshot)) {
                                    return false;
                                }
                                Quantiles quantiles = ((SummarySnapshot.SummaryDataPointSnapshot) points.get(i))
                                        .getQuantiles();
                                double[] qs = new double[quantiles.size()];
                                for (int q = 0; q < qs.length; q++) {
                                    qs[q] = quantiles.get(q).getQuantile();
                                }
                                shape = new Shape(null, qs);
                                shapes[i] = qs;
                            }
                            groupSources.add(distributionSource(entry, shape));
                        }
                        if (histogram) {
                            groupFamilies.add(new HistogramFamily(snapshot.getMetadata(),
                                    ((HistogramSnapshot) snapshot).isGaugeHistogram(), labels, shapes, distributions));
                        } else {
                            groupFamilies.add(new SummaryFamily(snapshot.getMetadata(), labels, shapes, distributions));
                        }
                }
            }
            families.addAll(groupFamilies);
            for (Source source : groupSources) {
                sources.add(source);
                sourceOwners.add(owner);
            }
            return true;
        }

        private static boolean typeMatches(Kind kind, MetricSnapshot snapshot) {
            switch (kind) {
                case COUNTER:
                    return snapshot instanceof CounterSnapshot;
                case GAUGE:
                    return snapshot instanceof GaugeSnapshot;
                case INFO:
                    return snapshot instanceof InfoSnapshot;
                case SUMMARY:
                    return snapshot instanceof SummarySnapshot;
                default:
                    return snapshot instanceof SummarySnapshot || snapshot instanceof HistogramSnapshot;
            }
        }

        private static boolean hasExemplars(DataPointSnapshot point) {
            if (point instanceof CounterSnapshot.CounterDataPointSnapshot) {
                return ((CounterSnapshot.CounterDataPointSnapshot) point).getExemplar() != null;
            }
            if (point instanceof GaugeSnapshot.GaugeDataPointSnapshot) {
                return ((GaugeSnapshot.GaugeDataPointSnapshot) point).getExemplar() != null;
            }
            if (point instanceof HistogramSnapshot.HistogramDataPointSnapshot) {
                return ((HistogramSnapshot.HistogramDataPointSnapshot) point).getExemplars().size() > 0;
            }
            if (point instanceof SummarySnapshot.SummaryDataPointSnapshot) {
                return ((SummarySnapshot.SummaryDataPointSnapshot) point).getExemplars().size() > 0;
            }
            return false;
        }

        /** The source of a scalar data point; {@code null} when another entry's source fills the slot. */
        private static Source scalarSource(Entry entry) {
            Meter meter = entry.meter;
            if (meter == null || entry.slot < 0) {
                return null;
            }
            if (meter instanceof Counter) {
                return new CounterSource((Counter) meter, entry.slot);
            }
            if (meter instanceof FunctionCounter) {
                return new FunctionCounterSource((FunctionCounter) meter, entry.slot);
            }
            if (meter instanceof Gauge) {
                return new GaugeSource((Gauge) meter, entry.slot);
            }
            if (meter instanceof DefaultMeter) {
                return new CustomMeterSource(meter, entry.statistics, entry.slot);
            }
            // The _max of a distribution: filled by the distribution's source.
            return null;
        }

        private static Source distributionSource(Entry entry, Shape shape) {
            Meter meter = entry.meter;
            if (meter instanceof FunctionTimer) {
                return new FunctionTimerSource((FunctionTimer) meter, entry.distribution);
            }
            if (meter instanceof PrometheusDistributionSummary) {
                return new DistributionSummarySource((PrometheusDistributionSummary) meter, shape, entry.distribution,
                        entry.slot);
            }
            return new HistogramSupportSource((io.micrometer.core.instrument.distribution.HistogramSupport) meter,
                    shape, entry.distribution, entry.slot);
        }
    }

    private enum Kind {
        COUNTER,
        GAUGE,
        INFO,
        /** Timer, distribution summary or long task timer: a histogram or a summary, and a _max gauge. */
        DISTRIBUTION,
        /** Function timer. */
        SUMMARY
    }

    private static final class Draft {
        final Kind kind;
        final List<Entry> entries = new ArrayList<>();
        boolean conflicting;

        Draft(Kind kind) {
            this.kind = kind;
        }

        void add(Entry entry) {
            entries.add(entry);
        }
    }

    /** One predicted data point. */
    private static final class Entry {
        /** The meter whose source fills this data point's slots; {@code null} when another entry's does. */
        final Meter meter;
        final List<String> keys;
        final List<String> values;
        final int slot;
        final int distribution;
        Statistic[] statistics;

        Entry(Meter meter, List<String> keys, List<String> values, int slot, int distribution) {
            this.meter = meter;
            this.keys = keys;
            this.values = values;
            this.slot = slot;
            this.distribution = distribution;
        }
    }
}
