package io.github.promexport.runtime.exposition.fast;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import io.github.promexport.runtime.exposition.fast.Families.ScalarFamily;
import io.github.promexport.runtime.exposition.fast.Layout.NamePart;
import io.github.promexport.runtime.exposition.fast.Sources.Source;
import io.github.promexport.runtime.registry.TrackingPrometheusRegistry;
import io.github.promexport.runtime.registry.TrackingPrometheusRegistry.MeterChange;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.Labels;

/**
 * Lays out again, per series, a meter name whose meters came and went, without collecting it: the data points of the
 * removed meters leave the name's family and those of the added meters are inserted where the client's snapshot has
 * them. The client (Prometheus client 1.4.3) sorts a snapshot's data points by {@code Labels.compareTo}: the
 * label names (the same for every point of a Micrometer family: the collector's tag keys) and then the values in
 * label-name order; Micrometer 1.16.3 makes each point's labels with {@code Labels.of(tagKeys, tagValues)}, the
 * convention's tag keys and the id's raw tag values. The added points are encoded from those very {@code Labels}.
 * <p>
 * Only what is certain is patched: a name laid out by the layout (not left to the client, not forced to it, its
 * collector still registered) with one counter, gauge or info family, every change a known meter, every added meter
 * of the family's type with the name's tag keys and description (so that the help the client takes from whichever
 * meter comes first stays the same), no label values twice, and no exemplars. Anything else returns {@code null}
 * and the name is laid out again from its collector.
 * <p>
 * A patched name keeps its meters in point order ({@link NamePart#inPointOrder}): a removed meter is found by a
 * binary search and checked to be the very meter of that point. The first patch after a layout puts them in that
 * order once. Slots of removed points are given to added ones (of any name of the same rebuild) before new slots.
 */
final class SeriesPatcher {

    private static final int UNCERTAIN = Integer.MIN_VALUE;

    private final Layout old;
    private final FamilyRules rules;
    private final TrackingPrometheusRegistry registry;
    private final Set<MultiCollector> registered;
    private final Set<MultiCollector> forcedToClient;
    /** Slots freed by removed points and not yet reused. */
    private int[] freeSlots = new int[16];
    private int freeCount;
    /** Built on first use: each owner's index in the old layout, family index and source run. */
    private Map<MultiCollector, Integer> ownerIndexes;
    private int[] familyOfOwner;
    private int[] sourceStart;
    private int[] sourceCount;

    SeriesPatcher(Layout old, FamilyRules rules, TrackingPrometheusRegistry registry,
            Set<MultiCollector> registered, Set<MultiCollector> forcedToClient) {
        this.old = old;
        this.rules = rules;
        this.registry = registry;
        this.registered = registered;
        this.forcedToClient = forcedToClient;
    }

    /** A name patched: its part, its one family and its sources in point order. */
    record Patched(NamePart part, ScalarFamily family, Source[] sources) {
    }

    /**
     * The name of {@code part} with {@code changes} applied per series, or {@code null} when it must be laid out
     * again from its collector.
     */
    Patched patch(NamePart part, List<MeterChange> changes) {
        if (part == null || part.owner() == null || old.exemplars || !registered.contains(part.owner())
                || forcedToClient.contains(part.owner())) {
            return null;
        }
        index();
        Integer owner = ownerIndexes.get(part.owner());
        if (owner == null || familyOfOwner[owner] < 0
                || !(old.families[familyOfOwner[owner]] instanceof ScalarFamily)) {
            return null;
        }
        ScalarFamily family = (ScalarFamily) old.families[familyOfOwner[owner]];
        boolean info = family.type() == FamilyType.INFO;
        int points = family.size();
        if (sourceCount[owner] != (info ? 0 : points) || part.meters().length != points || points == 0
                || FamilyRules.scalarType(part.meters()[0]) != family.type()) {
            return null;
        }
        // The net change: a meter added and removed again (or the reverse) is no change.
        Set<Meter> added = identitySet();
        Set<Meter> removed = identitySet();
        for (MeterChange change : changes) {
            Meter meter = change.meter();
            if (meter == null) {
                // A registration Micrometer refused: what its collector holds is not certain.
                return null;
            }
            if (change.added()) {
                if (!removed.remove(meter)) {
                    added.add(meter);
                }
            } else if (!added.remove(meter)) {
                removed.add(meter);
            }
        }
        SeriesOrder order = SeriesOrder.of(rules.tagKeys(part.meters()[0].getId()));
        if (order == null) {
            return null;
        }
        String description = part.meters()[0].getId().getDescription();
        Meter[] meters = part.inPointOrder() ? part.meters()
                : inPointOrder(part.meters(), family, order, description);
        if (meters == null) {
            return null;
        }
        // Where each removed point is: the very meter, or the name is not what the layout thinks.
        int[] gone = new int[removed.size()];
        int g = 0;
        for (Meter meter : removed) {
            String[] values = order.values(meter);
            int at = values == null ? UNCERTAIN : search(meters, order, values);
            if (at < 0 || meters[at] != meter) {
                return null;
            }
            gone[g++] = at;
        }
        Arrays.sort(gone);
        // The added points: their labels as the client makes them, sorted, and where they go among the old points.
        Addition[] additions = new Addition[added.size()];
        int a = 0;
        for (Meter meter : added) {
            if (FamilyRules.scalarType(meter) != family.type() || registry.registrationFailed(meter.getId())
                    || !Objects.equals(description, meter.getId().getDescription())
                    || !order.keys.equals(rules.tagKeys(meter.getId()))) {
                return null;
            }
            String[] values = order.values(meter);
            Labels labels = order.labels(meter);
            if (values == null || labels == null) {
                return null;
            }
            int at = search(meters, order, values);
            if (at == UNCERTAIN) {
                return null;
            }
            if (at >= 0) {
                if (Arrays.binarySearch(gone, at) < 0) {
                    // Same labels as a point that stays: Micrometer's collector keeps one child per tag values.
                    return null;
                }
            } else {
                at = -at - 1;
            }
            additions[a++] = new Addition(meter, values, at, family.linePrefix(labels));
        }
        if (meters.length - gone.length + additions.length == 0) {
            // The name's last meter went: its collector with it; nothing to patch.
            return null;
        }
        Arrays.sort(additions, (x, y) -> SeriesOrder.compare(x.values, y.values));
        for (int i = 1; i < additions.length; i++) {
            if (SeriesOrder.compare(additions[i - 1].values, additions[i].values) == 0) {
                return null;
            }
        }
        return merge(part, family, owner, meters, gone, additions, info);
    }

    /** The new points: the old ones but the gone, and the additions at their places; slots reused first. */
    private Patched merge(NamePart part, ScalarFamily family, int owner, Meter[] meters, int[] gone,
            Addition[] additions, boolean info) {
        if (!info) {
            for (int at : gone) {
                freeSlot(family.slot(at));
            }
        }
        int size = meters.length - gone.length + additions.length;
        Meter[] newMeters = new Meter[size];
        int[] from = new int[size];
        byte[][] added = new byte[additions.length][];
        int[] slots = new int[size];
        Source[] sources = new Source[info ? 0 : size];
        int first = sourceStart[owner];
        int n = 0;
        int j = 0;
        int g = 0;
        for (int i = 0; i <= meters.length; i++) {
            while (j < additions.length && additions[j].at <= i) {
                Addition addition = additions[j++];
                int slot = info ? -1 : takeSlot();
                newMeters[n] = addition.meter;
                added[j - 1] = addition.prefix;
                from[n] = -j;
                slots[n] = slot;
                if (!info) {
                    sources[n] = source(addition.meter, slot);
                }
                n++;
            }
            if (i == meters.length) {
                break;
            }
            if (g < gone.length && gone[g] == i) {
                g++;
                continue;
            }
            newMeters[n] = meters[i];
            from[n] = i;
            slots[n] = family.slot(i);
            if (!info) {
                sources[n] = old.sources[first + i];
            }
            n++;
        }
        NamePart patched = new NamePart(part.name(), newMeters, part.owner(), info ? 0 : size, true);
        return new Patched(patched, family.withPoints(from, added, slots), sources);
    }

    /** {@code LayoutBuilder.scalarSource} for the meters a patch adds (no exemplars). */
    private static Source source(Meter meter, int slot) {
        if (meter instanceof Counter) {
            return Sources.counter((Counter) meter, slot);
        }
        if (meter instanceof FunctionCounter) {
            return Sources.functionCounter((FunctionCounter) meter, slot);
        }
        return Sources.gauge((Gauge) meter, slot);
    }

    /**
     * The meters of a part in the order of the family's points, all of one description; null when not certain. The
     * part's meters were matched one to one to the family's points by the layout that planned the name, so sorting
     * them as the client sorts the points gives the points' order; a sample of the encoded prefixes checks it.
     */
    private Meter[] inPointOrder(Meter[] meters, ScalarFamily family, SeriesOrder order, String description) {
        Meter[] sorted = meters.clone();
        Map<Meter, String[]> byMeter = new IdentityHashMap<>(meters.length * 2);
        for (Meter meter : meters) {
            if (!Objects.equals(description, meter.getId().getDescription())
                    || FamilyRules.scalarType(meter) != family.type()) {
                return null;
            }
            String[] v = order.values(meter);
            if (v == null) {
                return null;
            }
            byMeter.put(meter, v);
        }
        Arrays.sort(sorted, (x, y) -> SeriesOrder.compare(byMeter.get(x), byMeter.get(y)));
        for (int i = 1; i < sorted.length; i++) {
            if (SeriesOrder.compare(byMeter.get(sorted[i - 1]), byMeter.get(sorted[i])) == 0) {
                return null;
            }
        }
        int step = Math.max(1, sorted.length / 64);
        for (int i = 0; i < sorted.length; i += step) {
            if (!samePrefix(family, order, sorted, i)) {
                return null;
            }
        }
        return samePrefix(family, order, sorted, sorted.length - 1) ? sorted : null;
    }

    private static boolean samePrefix(ScalarFamily family, SeriesOrder order, Meter[] sorted, int i) {
        Labels labels = order.labels(sorted[i]);
        return labels != null && Arrays.equals(family.linePrefix(labels), family.prefix(i));
    }

    /**
     * The index of the point with {@code values}, or {@code -(insertion point) - 1}, or {@link #UNCERTAIN} when a
     * meter on the way has other tags than the name's.
     */
    private static int search(Meter[] meters, SeriesOrder order, String[] values) {
        int low = 0;
        int high = meters.length - 1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            String[] at = order.values(meters[mid]);
            if (at == null) {
                // Not a meter of the name's tag keys: cannot happen for a part the layout planned.
                return UNCERTAIN;
            }
            int c = SeriesOrder.compare(at, values);
            if (c < 0) {
                low = mid + 1;
            } else if (c > 0) {
                high = mid - 1;
            } else {
                return mid;
            }
        }
        return -(low + 1);
    }

    private void index() {
        if (ownerIndexes != null) {
            return;
        }
        ownerIndexes = new IdentityHashMap<>();
        for (int i = 0; i < old.owners.length; i++) {
            ownerIndexes.put(old.owners[i], i);
        }
        familyOfOwner = new int[old.owners.length];
        Arrays.fill(familyOfOwner, -1);
        for (int f = 0; f < old.families.length; f++) {
            int owner = old.familyOwners[f];
            // -2: several families.
            familyOfOwner[owner] = familyOfOwner[owner] == -1 ? f : -2;
        }
        sourceStart = new int[old.owners.length];
        sourceCount = new int[old.owners.length];
        for (int s = 0; s < old.sourceOwners.length; s++) {
            int owner = old.sourceOwners[s];
            if (sourceCount[owner] == 0) {
                sourceStart[owner] = s;
            } else if (sourceCount[owner] > 0 && sourceStart[owner] + sourceCount[owner] != s) {
                // Not one run: never patched.
                sourceCount[owner] = -1;
                continue;
            }
            if (sourceCount[owner] >= 0) {
                sourceCount[owner]++;
            }
        }
    }

    private void freeSlot(int slot) {
        if (freeCount == freeSlots.length) {
            freeSlots = Arrays.copyOf(freeSlots, freeCount * 2);
        }
        freeSlots[freeCount++] = slot;
    }

    private int takeSlot() {
        return freeCount > 0 ? freeSlots[--freeCount] : rules.newScalar();
    }

    private static Set<Meter> identitySet() {
        return Collections.newSetFromMap(new IdentityHashMap<>());
    }

    private record Addition(Meter meter, String[] values, int at, byte[] prefix) {
    }

    /**
     * The client's order of one family's points, all with the same label names: by label values in label-name
     * order, each compared with {@code String.compareTo}, as {@code Labels.compareTo} does once the names are equal.
     */
    static final class SeriesOrder {
        final List<String> keys;
        /** For each tag of an id, in the id's order, its position among the labels. */
        private final int[] position;

        private SeriesOrder(List<String> keys, int[] position) {
            this.keys = keys;
            this.position = position;
        }

        /** The order for the tag keys of a name; null when the client would refuse them. */
        static SeriesOrder of(List<String> keys) {
            // The client's own sort tells each key's place: label i of Labels.of(keys, "0".."n-1") has value "k" when
            // it is the k-th key.
            List<String> indexes = new ArrayList<>(keys.size());
            for (int i = 0; i < keys.size(); i++) {
                indexes.add(Integer.toString(i));
            }
            Labels labels;
            try {
                labels = Labels.of(keys, indexes);
            } catch (IllegalArgumentException e) {
                return null;
            }
            int[] position = new int[keys.size()];
            for (int i = 0; i < labels.size(); i++) {
                position[Integer.parseInt(labels.getValue(i))] = i;
            }
            return new SeriesOrder(List.copyOf(keys), position);
        }

        /** The meter's tag values in label order; null when it has another number of tags. */
        String[] values(Meter meter) {
            String[] values = new String[position.length];
            int i = 0;
            for (Tag tag : meter.getId().getTagsAsIterable()) {
                if (i == position.length) {
                    return null;
                }
                values[position[i++]] = tag.getValue();
            }
            return i == position.length ? values : null;
        }

        /** The labels Micrometer's collector gives the meter's point: {@code Labels.of(tagKeys, tagValues)}. */
        Labels labels(Meter meter) {
            List<String> values = new ArrayList<>(position.length);
            for (Tag tag : meter.getId().getTagsAsIterable()) {
                values.add(tag.getValue());
            }
            if (values.size() != keys.size()) {
                return null;
            }
            try {
                return Labels.of(keys, values);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }

        static int compare(String[] a, String[] b) {
            for (int i = 0; i < a.length; i++) {
                int c = a[i].compareTo(b[i]);
                if (c != 0) {
                    return c;
                }
            }
            return 0;
        }
    }
}
