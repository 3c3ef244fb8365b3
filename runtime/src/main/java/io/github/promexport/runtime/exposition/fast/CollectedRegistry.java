package io.github.promexport.runtime.exposition.fast;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import io.github.promexport.runtime.registry.TrackingPrometheusRegistry;
import io.prometheus.metrics.model.registry.Collector;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;

/**
 * Collectors of the registry collected once, for a partial rebuild: the one read the names laid out again are built
 * from, and the values the scrape that rebuilt them writes. (A full build collects name by name, see
 * {@link LayoutBuilder#build}.) Also the reads and the sorting every path shares for the collectors the client writes.
 */
final class CollectedRegistry {

    /** Micrometer's collectors, one per meter name, as registered when the read started. */
    final List<MultiCollector> micrometerCollectors;
    /** What each of {@link #micrometerCollectors} returned, at the same index. */
    final List<MetricSnapshots> micrometerSnapshots;
    private final List<MetricSnapshot> foreignSnapshots;

    private CollectedRegistry(List<MultiCollector> micrometerCollectors, List<MetricSnapshots> micrometerSnapshots,
            List<MetricSnapshot> foreignSnapshots) {
        this.micrometerCollectors = micrometerCollectors;
        this.micrometerSnapshots = micrometerSnapshots;
        this.foreignSnapshots = foreignSnapshots;
    }

    /** Collects only {@code collectors}, Micrometer's, for a partial rebuild; no foreign collector. */
    static CollectedRegistry collectOnly(List<MultiCollector> collectors) {
        List<MetricSnapshots> snapshots = new ArrayList<>(collectors.size());
        for (MultiCollector collector : collectors) {
            snapshots.add(collector.collect());
        }
        return new CollectedRegistry(collectors, snapshots, List.of());
    }

    /** Adds the snapshots of the collectors that are not Micrometer's. */
    static void collectForeign(TrackingPrometheusRegistry registry, List<MetricSnapshot> result) {
        for (Collector collector : registry.foreignCollectors()) {
            MetricSnapshot snapshot = collector.collect();
            if (snapshot != null) {
                result.add(snapshot);
            }
        }
        for (MultiCollector collector : registry.foreignMultiCollectors()) {
            for (MetricSnapshot snapshot : collector.collect()) {
                result.add(snapshot);
            }
        }
    }

    /**
     * The snapshots a layout does not write itself: those of the collectors that are not Micrometer's and of the
     * Micrometer collectors it leaves to the client, sorted by name; refuses duplicate names as the client does.
     */
    List<MetricSnapshot> others(List<MultiCollector> clientCollectors) {
        List<MetricSnapshot> result = new ArrayList<>(foreignSnapshots);
        Map<MultiCollector, Integer> indexes = new IdentityHashMap<>();
        for (int i = 0; i < micrometerCollectors.size(); i++) {
            indexes.put(micrometerCollectors.get(i), i);
        }
        for (MultiCollector collector : clientCollectors) {
            Integer i = indexes.get(collector);
            if (i != null) {
                for (MetricSnapshot snapshot : micrometerSnapshots.get(i)) {
                    result.add(snapshot);
                }
            }
        }
        sortRefusingDuplicates(result);
        return result;
    }

    /** Sorts by name; a name twice fails the scrape with the client's message. */
    static void sortRefusingDuplicates(List<MetricSnapshot> snapshots) {
        snapshots.sort(Comparator.comparing(snapshot -> snapshot.getMetadata().getPrometheusName()));
        for (int i = 1; i < snapshots.size(); i++) {
            String name = snapshots.get(i).getMetadata().getPrometheusName();
            if (name.equals(snapshots.get(i - 1).getMetadata().getPrometheusName())) {
                throw new IllegalStateException(name + ": duplicate metric name.");
            }
        }
    }
}
