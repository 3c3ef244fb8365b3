package io.github.promexport.runtime.exposition.fast;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

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
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
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
    /** The values of the read the layout is built from, copied into their slots as each name is planned. */
    private final ReadValues readValues;

    private LayoutBuilder(PrometheusMeterRegistry meters, TrackingPrometheusRegistry registry,
            CollectedRegistry collected, Set<MultiCollector> forcedToClient) {
        this.meters = meters;
        this.registry = registry;
        this.collected = collected;
        this.forcedToClient = forcedToClient;
        this.exemplars = registry.exemplarsSampled();
        this.readValues = new ReadValues(exemplars);
    }

    /**
     * A layout for the registry as it is now, built name by name: each Micrometer collector is collected once, its
     * families are checked against the prediction for its meter name, its values copied into their slots, and its
     * snapshots dropped unless the client writes them. What the build holds besides the layout is thus bounded by the
     * largest name rather than by the registry: the client's snapshots of every series are never alive at once.
     *
     * @param generation the registry generation read before anything is collected: any later change makes the
     *        layout stale
     */
    static Built build(long generation, PrometheusMeterRegistry meters, TrackingPrometheusRegistry registry,
            Set<MultiCollector> forcedToClient) {
        return new LayoutBuilder(meters, registry, null, forcedToClient).buildByName(generation);
    }

    /**
     * What a full build gives the scrape that ran it. {@code layout} is the layout to keep. This scrape is written
     * from {@code written} with {@code values}, and the client writes {@code others} (unsorted): {@code written} is
     * {@code layout}, except when the registry was caught in a state the build could not explain, where
     * {@code layout} is a client-only layout to build again soon and {@code written} what the build could plan of
     * this read. {@code values} is null when the client must write the scrape from its own read: a meter the rules
     * do not know (found before anything was read), or two collectors returning one family name (the client's scrape
     * fails). The names the layout writes that are not legacy names (never Micrometer's) are marked in
     * {@code nonLegacyOwners} (or it is null) with their snapshots, for a scrape whose escaping writes them otherwise.
     * {@code collectors} are the Micrometer collectors the build saw.
     */
    record Built(Layout layout, Layout written, ScrapeValues values, List<MetricSnapshot> others,
            boolean[] nonLegacyOwners, List<MetricSnapshot> nonLegacySnapshots, List<MultiCollector> collectors) {

        private static Built byClient(Layout layout, List<MultiCollector> collectors) {
            return new Built(layout, layout, null, null, null, null, collectors);
        }
    }

    /** Several meter names predict this family name: the collector returning it cannot be told. */
    private static final String AMBIGUOUS = new String("ambiguous");

    private Built buildByName(long generation) {
        NamingConvention convention = meters.config().namingConvention();
        FamilyRules rules = new FamilyRules(convention);
        Map<String, List<Meter>> groups = new HashMap<>();
        // A refusal after this look: the name's data points do not match its meters (the client writes it), and
        // the refusal moved the generation on, so the next scrape builds again.
        boolean anyRefused = registry.anyRegistrationFailed();
        for (Meter meter : meters.getMeters()) {
            if (!anyRefused || !registry.registrationFailed(meter.getId())) {
                groups.computeIfAbsent(rules.conventionName(meter.getId()), n -> new ArrayList<>()).add(meter);
            }
        }
        // The meter name of each family name, predicted from one meter of each kind per name (custom meters one by
        // one: their statistics decide their families), before any collector is read.
        Map<String, String> nameOfFamily = new HashMap<>();
        Set<String> namesWithFamilies = new HashSet<>();
        FamilyRules kinds = new FamilyRules(convention);
        for (Map.Entry<String, List<Meter>> group : groups.entrySet()) {
            Map<String, PredictedFamily> predicted = new HashMap<>();
            Set<Object> seen = new HashSet<>();
            for (Meter meter : group.getValue()) {
                if ((meter instanceof DefaultMeter || seen.add(kindOf(meter)))
                        && !kinds.predict(group.getKey(), meter, predicted)) {
                    // A meter class the rules do not know: nothing read yet, the client reads and writes all.
                    return Built.byClient(Layout.clientOnly(generation, false),
                            List.copyOf(registry.micrometerCollectors()));
                }
            }
            if (!predicted.isEmpty()) {
                namesWithFamilies.add(group.getKey());
            }
            for (String family : predicted.keySet()) {
                String other = nameOfFamily.putIfAbsent(family, group.getKey());
                if (other != null && !other.equals(group.getKey())) {
                    nameOfFamily.put(family, AMBIGUOUS);
                }
            }
        }
        List<MetricSnapshot> others = new ArrayList<>();
        CollectedRegistry.collectForeign(registry, others);
        // One copy of the list: a name removed and registered again meanwhile is seen before or after, never both.
        List<MultiCollector> collectors = List.copyOf(registry.micrometerCollectors());
        Set<String> familyNames = new HashSet<>();
        Map<String, NamePart> parts = new HashMap<>();
        List<MultiCollector> clientCollectors = new ArrayList<>();
        List<MetricSnapshot> nonLegacySnapshots = new ArrayList<>();
        List<Integer> nonLegacyOwners = new ArrayList<>();
        boolean unexplained = false;
        int liveScalars = 0;
        for (MultiCollector collector : collectors) {
            MetricSnapshots snapshots = collector.collect();
            snapshotByName.clear();
            String name = null;
            boolean mixed = false;
            for (MetricSnapshot snapshot : snapshots) {
                String family = snapshot.getMetadata().getPrometheusName();
                if (!familyNames.add(family)) {
                    // Two collectors return the same family name: the client refuses every scrape.
                    return Built.byClient(Layout.clientOnly(generation, false), collectors);
                }
                snapshotByName.put(family, snapshot);
                String owner = nameOfFamily.get(family);
                if (snapshotByName.size() == 1) {
                    name = owner;
                } else if (!Objects.equals(name, owner)) {
                    mixed = true;
                }
            }
            if (name == null && !mixed) {
                // No meter name predicts these families (or there are none): the client writes them.
                clientCollectors.add(collector);
                addAll(others, snapshots);
                continue;
            }
            if (mixed || name == AMBIGUOUS || parts.containsKey(name)) {
                unexplained = true;
                clientCollectors.add(collector);
                addAll(others, snapshots);
                continue;
            }
            List<Meter> nameMeters = groups.get(name);
            Map<String, PredictedFamily> predicted = new LinkedHashMap<>();
            int firstSlot = rules.scalarCount();
            boolean known = true;
            for (Meter meter : nameMeters) {
                known &= rules.predict(name, meter, predicted);
            }
            int scalars = rules.scalarCount() - firstSlot;
            if (!known || !predicted.keySet().equals(snapshotByName.keySet())) {
                // Meters and collector disagree: a registration under way, or one Micrometer refused without telling
                // us. The client writes this read; look again soon.
                unexplained = true;
                clientCollectors.add(collector);
                addAll(others, snapshots);
                continue;
            }
            liveScalars += scalars;
            parts.put(name, new NamePart(name, nameMeters.toArray(new Meter[0]), collector, scalars));
            boolean legacyBefore = legacyNames;
            legacyNames = true;
            boolean planned = !forcedToClient.contains(collector) && plan(predicted, collector);
            boolean legacy = legacyNames;
            legacyNames = legacyBefore && (legacy || !planned);
            if (!planned) {
                clientCollectors.add(collector);
                addAll(others, snapshots);
            } else if (!legacy) {
                nonLegacyOwners.add(owners.size() - 1);
                addAll(nonLegacySnapshots, snapshots);
            }
        }
        snapshotByName.clear();
        for (Map.Entry<String, List<Meter>> group : groups.entrySet()) {
            if (!parts.containsKey(group.getKey())) {
                if (namesWithFamilies.contains(group.getKey())) {
                    // Meters without their collector: registered while this ran, or refused without a word.
                    unexplained = true;
                } else {
                    // Custom meters without measurements: no families, here or in the client.
                    parts.put(group.getKey(),
                            new NamePart(group.getKey(), group.getValue().toArray(new Meter[0]), null, 0));
                }
            }
        }
        Layout layout = assemble(generation, convention, rules, parts, liveScalars, clientCollectors);
        if (layout.clientOnly) {
            // Not after a full build (family names are unique across collectors); checked all the same.
            return Built.byClient(layout, collectors);
        }
        boolean[] nonLegacy = null;
        if (!nonLegacyOwners.isEmpty()) {
            nonLegacy = new boolean[layout.owners.length];
            for (int owner : nonLegacyOwners) {
                nonLegacy[owner] = true;
            }
        }
        return new Built(unexplained ? Layout.clientOnly(generation, true) : layout, layout,
                readValues.toValues(layout), others, nonLegacy, nonLegacySnapshots, collectors);
    }

    /** Meters of one kind predict the same families under one name; custom meters are told apart by statistics. */
    private static Object kindOf(Meter meter) {
        if (meter instanceof Gauge && meter.getId().getName().endsWith(".info")) {
            return "info";
        }
        return meter.getClass();
    }

    private static void addAll(List<MetricSnapshot> result, MetricSnapshots snapshots) {
        for (MetricSnapshot snapshot : snapshots) {
            result.add(snapshot);
        }
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
        return assemble(generation, convention, rules, parts, liveScalars, clientCollectors);
    }

    /** The layout of the families and sources added so far; client-only (to retry) when two families share a name. */
    private Layout assemble(long generation, NamingConvention convention, FamilyRules rules,
            Map<String, NamePart> parts, int liveScalars, List<MultiCollector> clientCollectors) {
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
        ScrapeValues values = builder.readValues.toValues(layout);
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
        for (Map.Entry<String, PredictedFamily> named : predicted.entrySet()) {
            PredictedFamily family = named.getValue();
            MetricSnapshot snapshot = snapshotByName.get(named.getKey());
            List<? extends DataPointSnapshot> points = snapshot.getDataPoints();
            if (family.conflicting || points.size() != family.points.size() || !family.type.matches(snapshot)) {
                return false;
            }
            // Matched through a hash of the label pairs and an exact comparison, rather than by Labels.of or by a
            // key string per data point: building those was most of the cost of a layout.
            Labels[] labels = new Labels[points.size()];
            for (int i = 0; i < labels.length; i++) {
                DataPointSnapshot point = points.get(i);
                // Without sampling, an exemplar means a meter the rules do not know: the layout would drop it.
                if (point.hasScrapeTimestamp() || (!exemplars && hasExemplars(point))) {
                    return false;
                }
                labels[i] = point.getLabels();
                checkLegacyLabelNames(labels[i]);
            }
            checkLegacyMetricName(snapshot);
            LabelIndex index = new LabelIndex(labels);
            PredictedPoint[] ordered = new PredictedPoint[points.size()];
            for (PredictedPoint point : family.points) {
                int position = index.find(point.keys, point.values);
                if (position < 0 || ordered[position] != null) {
                    return false;
                }
                ordered[position] = point;
            }
            Family planned = family.type.isScalar()
                    ? scalarFamily(snapshot, family.type, labels, ordered, nameSources)
                    : distributionFamily(snapshot, labels, ordered, nameSources, readValues, exemplars);
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
        return true;
    }

    private Family scalarFamily(MetricSnapshot snapshot, FamilyType type, Labels[] labels,
            PredictedPoint[] ordered, List<Source> nameSources) {
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
                readValues.scalar(slot, value);
                if (exemplars && exemplar != null) {
                    readValues.exemplar(slot, TextSyntax.exemplar(exemplar, exemplar.getValue()));
                }
            } else if (point instanceof GaugeSnapshot.GaugeDataPointSnapshot) {
                readValues.scalar(slot, ((GaugeSnapshot.GaugeDataPointSnapshot) point).getValue());
            }
        }
        return new ScalarFamily(snapshot.getMetadata(), type, labels, slots);
    }

    /** A histogram or summary family with the buckets or quantiles of the snapshot; null when they do not fit. */
    private static Family distributionFamily(MetricSnapshot snapshot, Labels[] labels, PredictedPoint[] ordered,
            List<Source> nameSources, ReadValues readValues, boolean exemplars) {
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
                fillHistogram((HistogramSnapshot.HistogramDataPointSnapshot) points.get(i),
                        readValues.distribution(point.distribution), exemplars ? bounds : null);
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
                fillSummary((SummarySnapshot.SummaryDataPointSnapshot) points.get(i),
                        readValues.distribution(point.distribution));
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
     * Copies what the writer takes from a histogram data point: cumulated buckets, count and sum when present, and,
     * given the upper bounds, the exemplar of each bucket (the snapshot's are already scaled as the client writes
     * them).
     */
    private static void fillHistogram(HistogramSnapshot.HistogramDataPointSnapshot point, Distribution d,
            double[] exemplarBounds) {
        ClassicHistogramBuckets buckets = point.getClassicBuckets();
        long[] cumulative = d.cumulative(buckets.size());
        long running = 0;
        for (int b = 0; b < cumulative.length; b++) {
            running += buckets.getCount(b);
            cumulative[b] = running;
        }
        d.count = point.hasCount() ? point.getCount() : -1;
        d.sum = point.hasSum() ? point.getSum() : Double.NaN;
        d.bucketExemplars = exemplarBounds == null ? null
                : Sources.bucketExemplars(point.getExemplars(), exemplarBounds, false, null);
    }

    /** Copies what the writer takes from a summary data point: quantiles, count and sum when present. */
    private static void fillSummary(SummarySnapshot.SummaryDataPointSnapshot point, Distribution d) {
        Quantiles quantiles = point.getQuantiles();
        double[] result = d.quantiles(quantiles.size());
        for (int q = 0; q < result.length; q++) {
            result[q] = quantiles.get(q).getValue();
        }
        d.count = point.hasCount() ? point.getCount() : -1;
        d.sum = point.hasSum() ? point.getSum() : Double.NaN;
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

    /**
     * The values of the read a layout is built from, by slot, copied in as each name is planned; the arrays grow with
     * the slots the rules hand out, since their count is known only at the end.
     */
    private static final class ReadValues {
        private double[] scalars = new double[64];
        private byte[][] scalarExemplars;
        private Distribution[] distributions = new Distribution[16];

        ReadValues(boolean exemplars) {
            scalarExemplars = exemplars ? new byte[64][] : null;
        }

        void scalar(int slot, double value) {
            if (slot >= scalars.length) {
                scalars = Arrays.copyOf(scalars, Math.max(slot + 1, scalars.length * 2));
            }
            scalars[slot] = value;
        }

        void exemplar(int slot, byte[] encoded) {
            if (slot >= scalarExemplars.length) {
                scalarExemplars = Arrays.copyOf(scalarExemplars, Math.max(slot + 1, scalarExemplars.length * 2));
            }
            scalarExemplars[slot] = encoded;
        }

        Distribution distribution(int index) {
            if (index >= distributions.length) {
                distributions = Arrays.copyOf(distributions, Math.max(index + 1, distributions.length * 2));
            }
            Distribution d = distributions[index];
            if (d == null) {
                d = new Distribution();
                distributions[index] = d;
            }
            return d;
        }

        /** The values, in arrays of the layout's sizes (slots no name filled stay empty). */
        ScrapeValues toValues(Layout layout) {
            return new ScrapeValues(Arrays.copyOf(scalars, layout.scalarCount),
                    scalarExemplars == null ? null : Arrays.copyOf(scalarExemplars, layout.scalarCount),
                    Arrays.copyOf(distributions, layout.distributionCount));
        }
    }

    /**
     * The data points of one family by their label pairs: a hash of each point's pairs in an open-addressing table,
     * and an exact comparison with the predicted pairs on lookup, so that neither a key string nor a {@code Labels}
     * is built per data point.
     */
    private static final class LabelIndex {
        private final Labels[] labels;
        private final long[] hashes;
        /** Position + 1 of a data point, 0 for an empty entry; a power of two at least twice the points. */
        private final int[] table;

        LabelIndex(Labels[] labels) {
            this.labels = labels;
            this.hashes = new long[labels.length];
            this.table = new int[Integer.highestOneBit(Math.max(1, labels.length) * 2) * 2];
            int mask = table.length - 1;
            for (int i = 0; i < labels.length; i++) {
                Labels pairs = labels[i];
                long hash = 1;
                for (int p = 0; p < pairs.size(); p++) {
                    hash = mix(hash, pairs.getName(p), pairs.getValue(p));
                }
                hashes[i] = hash;
                int slot = spread(hash) & mask;
                while (table[slot] != 0) {
                    slot = (slot + 1) & mask;
                }
                table[slot] = i + 1;
            }
        }

        /**
         * The position of the data point with these label pairs, compared in the order {@code Labels} sorts legacy
         * names in; -1 when none has them (or the client would have ordered or refused them differently).
         */
        int find(List<String> keys, List<String> values) {
            int n = keys.size();
            int[] order = null;
            for (int i = 1; i < n; i++) {
                if (keys.get(i - 1).compareTo(keys.get(i)) >= 0) {
                    Integer[] sorted = new Integer[n];
                    for (int j = 0; j < n; j++) {
                        sorted[j] = j;
                    }
                    Arrays.sort(sorted, Comparator.comparing(keys::get));
                    order = new int[n];
                    for (int j = 0; j < n; j++) {
                        order[j] = sorted[j];
                    }
                    break;
                }
            }
            long hash = 1;
            for (int i = 0; i < n; i++) {
                int j = order == null ? i : order[i];
                hash = mix(hash, keys.get(j), values.get(j));
            }
            int mask = table.length - 1;
            for (int slot = spread(hash) & mask; table[slot] != 0; slot = (slot + 1) & mask) {
                int position = table[slot] - 1;
                if (hashes[position] == hash && same(labels[position], keys, values, order)) {
                    return position;
                }
            }
            return -1;
        }

        private static boolean same(Labels pairs, List<String> keys, List<String> values, int[] order) {
            if (pairs.size() != keys.size()) {
                return false;
            }
            for (int i = 0; i < pairs.size(); i++) {
                int j = order == null ? i : order[i];
                if (!pairs.getName(i).equals(keys.get(j)) || !pairs.getValue(i).equals(values.get(j))) {
                    return false;
                }
            }
            return true;
        }

        private static long mix(long hash, String name, String value) {
            hash = (hash ^ name.hashCode()) * 0x9E3779B97F4A7C15L;
            return (hash ^ value.hashCode()) * 0xC2B2AE3D27D4EB4FL;
        }

        private static int spread(long hash) {
            hash ^= hash >>> 31;
            return (int) (hash ^ (hash >>> 32));
        }
    }
}
