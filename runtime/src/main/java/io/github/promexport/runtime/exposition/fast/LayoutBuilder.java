package io.github.promexport.runtime.exposition.fast;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;

import io.github.promexport.runtime.exposition.fast.Families.Family;
import io.github.promexport.runtime.exposition.fast.Families.HistogramFamily;
import io.github.promexport.runtime.exposition.fast.Families.ScalarFamily;
import io.github.promexport.runtime.exposition.fast.Families.SummaryFamily;
import io.github.promexport.runtime.exposition.fast.FamilyRules.PredictedFamily;
import io.github.promexport.runtime.exposition.fast.FamilyRules.PredictedPoint;
import io.github.promexport.runtime.exposition.fast.Layout.NamePart;
import io.github.promexport.runtime.exposition.fast.ScrapeValues.Distribution;
import io.github.promexport.runtime.exposition.fast.Sources.CustomMeterSource;
import io.github.promexport.runtime.exposition.fast.Sources.DistributionSummarySource;
import io.github.promexport.runtime.exposition.fast.Sources.HistogramSupportSource;
import io.github.promexport.runtime.exposition.fast.Sources.Shape;
import io.github.promexport.runtime.exposition.fast.Sources.Source;
import io.github.promexport.runtime.registry.TrackingPrometheusRegistry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.NamingConvention;
import io.micrometer.core.instrument.distribution.HistogramSupport;
import io.micrometer.core.instrument.internal.DefaultMeter;
import io.micrometer.prometheusmetrics.PrometheusDistributionSummary;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.DataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Exemplar;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.PrometheusNaming;
import io.prometheus.metrics.model.snapshots.Quantiles;
import io.prometheus.metrics.model.snapshots.SummarySnapshot;

/**
 * Builds a {@link Layout} from one {@link CollectedRegistry} and the meter list, without reading any meter value:
 * the meters of each name are run through the {@link FamilyRules}, and the prediction is checked against what the
 * name's collector returned in that one read. Family names, types, help texts and data point order are taken from
 * those snapshots, so the layout cannot disagree with the client about anything but values.
 * <p>
 * A name whose families do not match the prediction is left to the client ({@link Layout#clientCollectors}), as is
 * every collector in {@code forcedToClient} (names whose values stopped fitting an earlier layout); a registry state
 * the client itself refuses to scrape, or a meter class the rules do not know, gives a client-only layout.
 */
final class LayoutBuilder {

    private final PrometheusMeterRegistry meters;
    private final TrackingPrometheusRegistry registry;
    private final CollectedRegistry collected;
    private final Set<MultiCollector> forcedToClient;
    /** The registry samples exemplars: sources read them, fills copy them. */
    private final boolean exemplars;
    private final Map<String, MetricSnapshot> snapshotByName = new HashMap<>();
    private final Map<String, MultiCollector> ownerByName = new HashMap<>();
    private final Map<MultiCollector, Set<String>> namesByOwner = new IdentityHashMap<>();
    private final List<Source> sources = new ArrayList<>();
    private final List<Integer> sourceOwners = new ArrayList<>();
    private final List<Family> families = new ArrayList<>();
    private final Map<Family, Integer> familyOwners = new IdentityHashMap<>();
    private final List<MultiCollector> owners = new ArrayList<>();
    /** Names checked to be legacy names, written alike under the default escaping and allow-utf-8. */
    private final Set<String> legacyLabelNames = new HashSet<>();
    private boolean legacyNames = true;
    /** Copy the values of the read the layout is built from into the layout's slots. */
    private final List<Consumer<ScrapeValues>> fills = new ArrayList<>();

    private LayoutBuilder(PrometheusMeterRegistry meters, TrackingPrometheusRegistry registry,
            CollectedRegistry collected, Set<MultiCollector> forcedToClient) {
        this.meters = meters;
        this.registry = registry;
        this.collected = collected;
        this.forcedToClient = forcedToClient;
        this.exemplars = registry.exemplarsSampled();
    }

    /**
     * The layout for the registry as {@code collected} saw it.
     *
     * @param generation the registry generation read before {@code collected} was: any later change makes the
     *        layout stale
     */
    static Built build(long generation, PrometheusMeterRegistry meters, TrackingPrometheusRegistry registry,
            CollectedRegistry collected, Set<MultiCollector> forcedToClient) {
        LayoutBuilder builder = new LayoutBuilder(meters, registry, collected, forcedToClient);
        Layout layout = builder.build(generation);
        if (layout.clientOnly) {
            return new Built(layout, null);
        }
        ScrapeValues values = layout.newValues();
        for (Consumer<ScrapeValues> fill : builder.fills) {
            fill.accept(values);
        }
        return new Built(layout, values);
    }

    /**
     * A new layout and, unless it is client-only, the values of the read it was built from in its slots: the scrape
     * that built it is written from them without reading any meter again.
     */
    record Built(Layout layout, ScrapeValues values) {
    }

    private Layout build(long generation) {
        if (!index(collected)) {
            // Two meter names share a family name: the client refuses every scrape.
            return Layout.clientOnly(generation, false);
        }
        NamingConvention convention = meters.config().namingConvention();
        FamilyRules rules = new FamilyRules(convention);
        Map<String, List<Meter>> groups = new TreeMap<>();
        for (Meter meter : meters.getMeters()) {
            if (!registry.registrationFailed(meter.getId())) {
                groups.computeIfAbsent(rules.conventionName(meter.getId()), n -> new ArrayList<>()).add(meter);
            }
        }
        return layOut(generation, convention, groups, rules, new HashMap<>(), 0, List.of());
    }

    /** Indexes the collected families by name and collector; false when two collectors return the same name. */
    private boolean index(CollectedRegistry read) {
        for (int i = 0; i < read.micrometerCollectors.size(); i++) {
            MultiCollector collector = read.micrometerCollectors.get(i);
            Set<String> names = new TreeSet<>();
            for (MetricSnapshot snapshot : read.micrometerSnapshots.get(i)) {
                String name = snapshot.getMetadata().getPrometheusName();
                if (snapshotByName.put(name, snapshot) != null) {
                    return false;
                }
                ownerByName.put(name, collector);
                names.add(name);
            }
            namesByOwner.put(collector, names);
        }
        return true;
    }

    /**
     * Lays out the meter names of {@code groups} from the collected read, after the families and sources of the
     * names kept from an earlier layout (already added), and assembles the layout.
     */
    private Layout layOut(long generation, NamingConvention convention, Map<String, List<Meter>> groups,
            FamilyRules rules, Map<String, NamePart> parts, int liveScalars, List<MultiCollector> keptClientCollectors) {
        Set<MultiCollector> claimed = Collections.newSetFromMap(new IdentityHashMap<>());
        List<MultiCollector> clientCollectors = new ArrayList<>(keptClientCollectors);
        for (Map.Entry<String, List<Meter>> group : groups.entrySet()) {
            Map<String, PredictedFamily> predicted = new LinkedHashMap<>();
            int firstSlot = rules.scalarCount();
            for (Meter meter : group.getValue()) {
                if (!rules.predict(group.getKey(), meter, predicted)) {
                    return Layout.clientOnly(generation, false);
                }
            }
            int scalars = rules.scalarCount() - firstSlot;
            liveScalars += scalars;
            Meter[] nameMeters = group.getValue().toArray(new Meter[0]);
            if (predicted.isEmpty()) {
                // Custom meters without measurements: no families, here or in the client.
                parts.put(group.getKey(), new NamePart(group.getKey(), nameMeters, null, scalars));
                continue;
            }
            MultiCollector owner = ownerOf(predicted);
            if (owner == null) {
                // Meters without their collector: a registration under way, or one Micrometer refused without
                // telling us. Leave everything to the client and look again soon.
                return Layout.clientOnly(generation, true);
            }
            if (!claimed.add(owner)) {
                return Layout.clientOnly(generation, true);
            }
            parts.put(group.getKey(), new NamePart(group.getKey(), nameMeters, owner, scalars));
            if (forcedToClient.contains(owner) || !plan(predicted, owner)) {
                clientCollectors.add(owner);
            }
        }
        for (MultiCollector collector : collected.micrometerCollectors) {
            if (!claimed.contains(collector)) {
                clientCollectors.add(collector);
            }
        }
        families.sort(Comparator.comparing(family -> family.name));
        for (int i = 1; i < families.size(); i++) {
            if (families.get(i).name.equals(families.get(i - 1).name)) {
                // Only a partial rebuild can get here (a new name's family is a kept name's): the full build
                // decides.
                return Layout.clientOnly(generation, true);
            }
        }
        int[] familyOwnerIndexes = new int[families.size()];
        for (int i = 0; i < familyOwnerIndexes.length; i++) {
            familyOwnerIndexes[i] = familyOwners.get(families.get(i));
        }
        int[] sourceOwnerIndexes = sourceOwners.stream().mapToInt(Integer::intValue).toArray();
        return new Layout(generation, sources.toArray(new Source[0]), sourceOwnerIndexes,
                families.toArray(new Family[0]), familyOwnerIndexes, owners.toArray(new MultiCollector[0]),
                List.copyOf(clientCollectors), rules.scalarCount(), rules.distributionCount(), legacyNames,
                Collections.unmodifiableMap(parts), convention, liveScalars, exemplars);
    }

    /**
     * A layout that keeps the families and sources of the names no change touched, patches per series the names of
     * the meters that came or went ({@code changes}, drained after {@code generation} was read) where a
     * {@link SeriesPatcher} can, and lays out again the other changed names from one read of their collectors and
     * of the collectors it does not know. {@code null} when only a full build can
     * tell: a change it cannot attribute, a kept name's collector gone, a collision with a kept family, too many
     * holes in the value slots, or a state the full build would leave to the client.
     * <p>
     * The returned values hold the read of the names laid out again; the caller reads the kept and patched names'
     * meters through the first {@link Partial#keptSources} sources of the layout, so each meter is read once.
     */
    static Partial rebuild(Layout old, long generation, List<TrackingPrometheusRegistry.MeterChange> changes,
            PrometheusMeterRegistry meters, TrackingPrometheusRegistry registry, Set<MultiCollector> forcedToClient) {
        NamingConvention convention = meters.config().namingConvention();
        if (old == null || old.clientOnly || old.retry || old.convention != convention) {
            return null;
        }
        FamilyRules rules = new FamilyRules(convention, old.scalarCount, old.distributionCount);
        Map<String, List<TrackingPrometheusRegistry.MeterChange>> changed = new TreeMap<>();
        for (TrackingPrometheusRegistry.MeterChange change : changes) {
            changed.computeIfAbsent(rules.conventionName(change.id()), n -> new ArrayList<>()).add(change);
        }
        List<MultiCollector> current = List.copyOf(registry.micrometerCollectors());
        Set<MultiCollector> registered = Collections.newSetFromMap(new IdentityHashMap<>());
        registered.addAll(current);
        Set<MultiCollector> keptOwners = Collections.newSetFromMap(new IdentityHashMap<>());
        Map<String, NamePart> parts = new HashMap<>();
        int liveScalars = 0;
        for (NamePart part : old.parts.values()) {
            if (changed.containsKey(part.name())) {
                continue;
            }
            if (part.owner() != null) {
                if (!registered.contains(part.owner()) || forcedToClient.contains(part.owner())) {
                    return null;
                }
                keptOwners.add(part.owner());
            }
            parts.put(part.name(), part);
            liveScalars += part.scalars();
        }
        // The changed names: patched per series where that is certain, laid out again from a read of their
        // collector otherwise.
        SeriesPatcher patcher = new SeriesPatcher(old, rules, registry, registered, forcedToClient);
        List<SeriesPatcher.Patched> patched = new ArrayList<>();
        Set<MultiCollector> patchedOwners = Collections.newSetFromMap(new IdentityHashMap<>());
        Map<String, List<Meter>> groups = new TreeMap<>();
        for (Map.Entry<String, List<TrackingPrometheusRegistry.MeterChange>> name : changed.entrySet()) {
            NamePart part = old.parts.get(name.getKey());
            SeriesPatcher.Patched patch = patcher.patch(part, name.getValue());
            if (patch != null) {
                patched.add(patch);
                patchedOwners.add(part.owner());
                parts.put(name.getKey(), patch.part());
                liveScalars += patch.part().scalars();
                continue;
            }
            Set<Meter> nameMeters = Collections.newSetFromMap(new IdentityHashMap<>());
            if (part != null) {
                Collections.addAll(nameMeters, part.meters());
            }
            for (TrackingPrometheusRegistry.MeterChange change : name.getValue()) {
                if (change.meter() != null) {
                    if (change.added()) {
                        nameMeters.add(change.meter());
                    } else {
                        nameMeters.remove(change.meter());
                    }
                }
            }
            List<Meter> accepted = new ArrayList<>();
            for (Meter meter : nameMeters) {
                if (!registry.registrationFailed(meter.getId())) {
                    accepted.add(meter);
                }
            }
            if (!accepted.isEmpty()) {
                groups.put(name.getKey(), accepted);
            }
        }
        List<MultiCollector> toCollect = new ArrayList<>();
        for (MultiCollector collector : current) {
            if (!keptOwners.contains(collector) && !patchedOwners.contains(collector)) {
                toCollect.add(collector);
            }
        }
        CollectedRegistry read = CollectedRegistry.collectOnly(toCollect);
        LayoutBuilder builder = new LayoutBuilder(meters, registry, read, forcedToClient);
        if (!builder.index(read)) {
            return null;
        }
        builder.legacyNames = old.legacyNames;
        builder.keep(old, keptOwners);
        for (SeriesPatcher.Patched patch : patched) {
            builder.addPatched(patch);
        }
        int keptSources = builder.sources.size();
        List<MultiCollector> keptClientCollectors = new ArrayList<>();
        for (MultiCollector collector : old.clientCollectors) {
            if (keptOwners.contains(collector)) {
                keptClientCollectors.add(collector);
            }
        }
        Layout layout = builder.layOut(generation, convention, groups, rules, parts, liveScalars,
                keptClientCollectors);
        if (layout.clientOnly || layout.scalarCount > 2 * layout.liveScalars + 4096
                || layout.distributionCount > 2 * (layout.sources.length + 1024)) {
            // Holes left by names laid out again: a full build compacts the slots.
            return null;
        }
        ScrapeValues values = layout.newValues();
        for (Consumer<ScrapeValues> fill : builder.fills) {
            fill.accept(values);
        }
        Set<MultiCollector> readCollectors = Collections.newSetFromMap(new IdentityHashMap<>());
        readCollectors.addAll(toCollect);
        return new Partial(layout, values, keptSources, read.others(layout.clientCollectors), readCollectors,
                patched.size(), groups.size());
    }

    /**
     * Adds a name patched per series, after the kept names: its sources are read by the scrape like theirs. The
     * added points' label names are the family's, already checked to be legacy names or not.
     */
    private void addPatched(SeriesPatcher.Patched patch) {
        int ownerIndex = owners.size();
        owners.add(patch.part().owner());
        families.add(patch.family());
        familyOwners.put(patch.family(), ownerIndex);
        for (Source source : patch.sources()) {
            sources.add(source);
            sourceOwners.add(ownerIndex);
        }
    }

    /**
     * A layout rebuilt in part: the values of the names laid out again, the number of leading sources (the kept
     * and patched names') still to read, the snapshots of the collectors read for the rebuild that the layout leaves
     * to the client (already read: not to be collected again this scrape), and how many changed names were patched
     * per series and laid out again.
     */
    record Partial(Layout layout, ScrapeValues values, int keptSources, List<MetricSnapshot> collectedForClient,
            Set<MultiCollector> read, int patchedNames, int laidOutNames) {
    }

    /** Adds the families and sources of the kept owners, with their slots, before any name is laid out again. */
    private void keep(Layout old, Set<MultiCollector> keptOwners) {
        int[] newIndex = new int[old.owners.length];
        for (int i = 0; i < old.owners.length; i++) {
            if (keptOwners.contains(old.owners[i])) {
                newIndex[i] = owners.size();
                owners.add(old.owners[i]);
            } else {
                newIndex[i] = -1;
            }
        }
        for (int i = 0; i < old.sources.length; i++) {
            int owner = newIndex[old.sourceOwners[i]];
            if (owner >= 0) {
                sources.add(old.sources[i]);
                sourceOwners.add(owner);
            }
        }
        for (int i = 0; i < old.families.length; i++) {
            int owner = newIndex[old.familyOwners[i]];
            if (owner >= 0) {
                families.add(old.families[i]);
                familyOwners.put(old.families[i], owner);
            }
        }
    }

    /** The one collector that returned exactly the predicted families, or {@code null}. */
    private MultiCollector ownerOf(Map<String, PredictedFamily> predicted) {
        MultiCollector owner = null;
        for (String name : predicted.keySet()) {
            MultiCollector candidate = ownerByName.get(name);
            if (candidate == null || (owner != null && owner != candidate)) {
                return null;
            }
            owner = candidate;
        }
        if (owner == null || !namesByOwner.get(owner).equals(new TreeSet<>(predicted.keySet()))) {
            return null;
        }
        return owner;
    }

    /**
     * Matches every predicted data point to one of the collector's, in the collector's order, and adds the name's
     * families and sources; false (and nothing added) when anything differs.
     */
    private boolean plan(Map<String, PredictedFamily> predicted, MultiCollector owner) {
        List<Family> nameFamilies = new ArrayList<>();
        List<Source> nameSources = new ArrayList<>();
        List<Consumer<ScrapeValues>> nameFills = new ArrayList<>();
        for (Map.Entry<String, PredictedFamily> named : predicted.entrySet()) {
            PredictedFamily family = named.getValue();
            MetricSnapshot snapshot = snapshotByName.get(named.getKey());
            List<? extends DataPointSnapshot> points = snapshot.getDataPoints();
            if (family.conflicting || points.size() != family.points.size() || !family.type.matches(snapshot)) {
                return false;
            }
            // Matched by a key of the label pairs rather than by Labels.of: building and validating a Labels per data
            // point was most of the cost of a layout.
            Map<String, Integer> positions = new HashMap<>(points.size() * 2);
            StringBuilder key = new StringBuilder();
            for (int i = 0; i < points.size(); i++) {
                DataPointSnapshot point = points.get(i);
                // Without sampling, an exemplar means a meter the rules do not know: the layout would drop it.
                if (point.hasScrapeTimestamp() || (!exemplars && hasExemplars(point))) {
                    return false;
                }
                positions.put(labelsKey(point.getLabels(), key), i);
                checkLegacyLabelNames(point.getLabels());
            }
            checkLegacyMetricName(snapshot);
            Labels[] labels = new Labels[points.size()];
            PredictedPoint[] ordered = new PredictedPoint[points.size()];
            for (PredictedPoint point : family.points) {
                Integer position = positions.get(predictedKey(point.keys, point.values, key));
                if (position == null || ordered[position] != null) {
                    return false;
                }
                ordered[position] = point;
                labels[position] = points.get(position).getLabels();
            }
            Family planned = family.type.isScalar()
                    ? scalarFamily(snapshot, family.type, labels, ordered, nameSources, nameFills)
                    : distributionFamily(snapshot, labels, ordered, nameSources, nameFills, exemplars);
            if (planned == null) {
                return false;
            }
            nameFamilies.add(planned);
        }
        int ownerIndex = owners.size();
        owners.add(owner);
        for (Family family : nameFamilies) {
            families.add(family);
            familyOwners.put(family, ownerIndex);
        }
        for (Source source : nameSources) {
            sources.add(source);
            sourceOwners.add(ownerIndex);
        }
        fills.addAll(nameFills);
        return true;
    }

    private Family scalarFamily(MetricSnapshot snapshot, FamilyType type, Labels[] labels,
            PredictedPoint[] ordered, List<Source> nameSources, List<Consumer<ScrapeValues>> nameFills) {
        List<? extends DataPointSnapshot> points = snapshot.getDataPoints();
        int[] slots = new int[ordered.length];
        for (int i = 0; i < ordered.length; i++) {
            int slot = ordered[i].slot;
            slots[i] = slot;
            Source source = scalarSource(ordered[i]);
            if (source != null) {
                nameSources.add(source);
            }
            DataPointSnapshot point = points.get(i);
            if (point instanceof CounterSnapshot.CounterDataPointSnapshot) {
                double value = ((CounterSnapshot.CounterDataPointSnapshot) point).getValue();
                Exemplar exemplar = ((CounterSnapshot.CounterDataPointSnapshot) point).getExemplar();
                if (exemplars && exemplar != null) {
                    byte[] encoded = TextSyntax.exemplar(exemplar, exemplar.getValue());
                    nameFills.add(values -> {
                        values.scalars[slot] = value;
                        values.scalarExemplars[slot] = encoded;
                    });
                } else {
                    nameFills.add(values -> values.scalars[slot] = value);
                }
            } else if (point instanceof GaugeSnapshot.GaugeDataPointSnapshot) {
                double value = ((GaugeSnapshot.GaugeDataPointSnapshot) point).getValue();
                nameFills.add(values -> values.scalars[slot] = value);
            }
        }
        return new ScalarFamily(snapshot.getMetadata(), type, labels, slots);
    }

    /** A histogram or summary family with the buckets or quantiles of the snapshot; null when they do not fit. */
    private static Family distributionFamily(MetricSnapshot snapshot, Labels[] labels, PredictedPoint[] ordered,
            List<Source> nameSources, List<Consumer<ScrapeValues>> nameFills, boolean exemplars) {
        List<? extends DataPointSnapshot> points = snapshot.getDataPoints();
        int[] distributions = new int[ordered.length];
        double[][] shapes = new double[ordered.length][];
        boolean histogram = snapshot instanceof HistogramSnapshot;
        for (int i = 0; i < ordered.length; i++) {
            PredictedPoint point = ordered[i];
            distributions[i] = point.distribution;
            Shape shape;
            if (histogram) {
                if (!(points.get(i) instanceof HistogramSnapshot.HistogramDataPointSnapshot)) {
                    return null;
                }
                ClassicHistogramBuckets buckets = ((HistogramSnapshot.HistogramDataPointSnapshot) points.get(i))
                        .getClassicBuckets();
                if (buckets.isEmpty()) {
                    return null;
                }
                double[] bounds = new double[buckets.size()];
                for (int b = 0; b < bounds.length; b++) {
                    bounds[b] = buckets.getUpperBound(b);
                }
                shape = new Shape(bounds, null);
                shapes[i] = bounds;
                nameFills.add(histogramFill((HistogramSnapshot.HistogramDataPointSnapshot) points.get(i),
                        point.distribution, exemplars ? bounds : null));
            } else {
                if (!(points.get(i) instanceof SummarySnapshot.SummaryDataPointSnapshot)) {
                    return null;
                }
                Quantiles quantiles = ((SummarySnapshot.SummaryDataPointSnapshot) points.get(i)).getQuantiles();
                double[] qs = new double[quantiles.size()];
                for (int q = 0; q < qs.length; q++) {
                    qs[q] = quantiles.get(q).getQuantile();
                }
                shape = new Shape(null, qs);
                shapes[i] = qs;
                nameFills.add(summaryFill((SummarySnapshot.SummaryDataPointSnapshot) points.get(i),
                        point.distribution));
            }
            nameSources.add(distributionSource(point, shape, exemplars));
        }
        if (histogram) {
            return new HistogramFamily(snapshot.getMetadata(), ((HistogramSnapshot) snapshot).isGaugeHistogram(),
                    labels, shapes, distributions);
        }
        return new SummaryFamily(snapshot.getMetadata(), labels, shapes, distributions);
    }

    /**
     * The values the writer takes from a histogram data point: cumulated buckets, count and sum when present, and,
     * given the upper bounds, the exemplar of each bucket.
     */
    private static Consumer<ScrapeValues> histogramFill(HistogramSnapshot.HistogramDataPointSnapshot point,
            int distribution, double[] exemplarBounds) {
        // Encoded now: the snapshot's exemplars are already scaled as the client writes them.
        byte[][] bucketExemplars = exemplarBounds == null ? null
                : Sources.bucketExemplars(point.getExemplars(), exemplarBounds, false, null);
        return values -> {
            Distribution d = values.distributions[distribution];
            ClassicHistogramBuckets buckets = point.getClassicBuckets();
            long[] cumulative = d.cumulative(buckets.size());
            long running = 0;
            for (int b = 0; b < cumulative.length; b++) {
                running += buckets.getCount(b);
                cumulative[b] = running;
            }
            d.count = point.hasCount() ? point.getCount() : -1;
            d.sum = point.hasSum() ? point.getSum() : Double.NaN;
            d.bucketExemplars = bucketExemplars;
        };
    }

    /** The values the writer takes from a summary data point: quantiles, count and sum when present. */
    private static Consumer<ScrapeValues> summaryFill(SummarySnapshot.SummaryDataPointSnapshot point, int distribution) {
        return values -> {
            Distribution d = values.distributions[distribution];
            Quantiles quantiles = point.getQuantiles();
            double[] result = d.quantiles(quantiles.size());
            for (int q = 0; q < result.length; q++) {
                result[q] = quantiles.get(q).getValue();
            }
            d.count = point.hasCount() ? point.getCount() : -1;
            d.sum = point.hasSum() ? point.getSum() : Double.NaN;
        };
    }

    /** The label pairs in the snapshot's (sorted) order, each part prefixed by its length: one key per pair list. */
    private static String labelsKey(Labels labels, StringBuilder key) {
        key.setLength(0);
        for (int i = 0; i < labels.size(); i++) {
            appendPart(key, labels.getName(i));
            appendPart(key, labels.getValue(i));
        }
        return key.toString();
    }

    /**
     * The key of a predicted data point's label pairs, sorted by name as {@code Labels} sorts legacy names; it
     * matches no data point when the client would have ordered or refused them differently.
     */
    private static String predictedKey(List<String> keys, List<String> values, StringBuilder key) {
        int n = keys.size();
        Integer[] order = null;
        for (int i = 1; i < n; i++) {
            if (keys.get(i - 1).compareTo(keys.get(i)) >= 0) {
                order = new Integer[n];
                for (int j = 0; j < n; j++) {
                    order[j] = j;
                }
                java.util.Arrays.sort(order, Comparator.comparing(keys::get));
                break;
            }
        }
        key.setLength(0);
        for (int i = 0; i < n; i++) {
            int j = order == null ? i : order[i];
            appendPart(key, keys.get(j));
            appendPart(key, values.get(j));
        }
        return key.toString();
    }

    private static void appendPart(StringBuilder key, String part) {
        key.append(part.length()).append(':').append(part);
    }

    private void checkLegacyMetricName(MetricSnapshot snapshot) {
        String name = snapshot.getMetadata().getName();
        if (!name.equals(snapshot.getMetadata().getPrometheusName()) || !PrometheusNaming.isValidLegacyMetricName(name)) {
            legacyNames = false;
        }
    }

    private void checkLegacyLabelNames(Labels labels) {
        for (int i = 0; i < labels.size(); i++) {
            String name = labels.getName(i);
            if (!legacyLabelNames.contains(name)) {
                if (name.equals(labels.getPrometheusName(i)) && PrometheusNaming.isValidLegacyLabelName(name)) {
                    legacyLabelNames.add(name);
                } else {
                    legacyNames = false;
                }
            }
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

    /** The source of a scalar data point; {@code null} when another point's source fills the slot. */
    private Source scalarSource(PredictedPoint point) {
        Meter meter = point.meter;
        if (meter == null || point.slot < 0) {
            return null;
        }
        if (meter instanceof Counter) {
            return Sources.counter((Counter) meter, point.slot, exemplars);
        }
        if (meter instanceof FunctionCounter) {
            return Sources.functionCounter((FunctionCounter) meter, point.slot);
        }
        if (meter instanceof Gauge) {
            return Sources.gauge((Gauge) meter, point.slot);
        }
        if (meter instanceof DefaultMeter) {
            return new CustomMeterSource(meter, point.statistics, point.slot);
        }
        // The _max of a distribution: filled by the distribution's source.
        return null;
    }

    private static Source distributionSource(PredictedPoint point, Shape shape, boolean exemplars) {
        Meter meter = point.meter;
        if (meter instanceof FunctionTimer) {
            return Sources.functionTimer((FunctionTimer) meter, point.distribution);
        }
        if (meter instanceof PrometheusDistributionSummary) {
            return new DistributionSummarySource((PrometheusDistributionSummary) meter, shape, point.distribution,
                    point.slot, exemplars);
        }
        return new HistogramSupportSource((HistogramSupport) meter, shape, point.distribution, point.slot, exemplars);
    }
}
