package io.github.promexport.runtime.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.prometheus.metrics.model.registry.Collector;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * A {@link PrometheusRegistry} that remembers which collectors are Micrometer's (one
 * {@code io.micrometer.prometheusmetrics.MicrometerCollector} per meter name) and which are not, and counts changes
 * to the set of Micrometer meters, so that the fast exposition knows when its cached layout is stale and which
 * collectors it must still collect on every scrape; and logs which meters came and went, so that only the names they
 * belong to are laid out again.
 */
public class TrackingPrometheusRegistry extends PrometheusRegistry {

    /** Package-private in Micrometer, so recognised by name. */
    static final String MICROMETER_COLLECTOR = "io.micrometer.prometheusmetrics.MicrometerCollector";

    private final List<Collector> foreignCollectors = new CopyOnWriteArrayList<>();
    private final List<MultiCollector> foreignMultiCollectors = new CopyOnWriteArrayList<>();
    private final List<MultiCollector> micrometerCollectors = new CopyOnWriteArrayList<>();
    private static final Logger LOG = Logger.getLogger(TrackingPrometheusRegistry.class);

    private final Set<Meter.Id> failedRegistrations = ConcurrentHashMap.newKeySet();
    private final Set<String> warned = ConcurrentHashMap.newKeySet();
    private final AtomicLong generation = new AtomicLong();
    /** Guarded by itself: the meters added and removed since {@link #drainChanges}, in order. */
    private final List<MeterChange> changes = new ArrayList<>();
    /** Guarded by {@link #changes}: more changes than kept, or a {@link #clear}, since the last drain. */
    private boolean changesLost;

    /** Beyond this many changes between two scrapes, a whole new layout costs less than applying them. */
    static final int CHANGE_LIMIT = 1 << 16;

    /**
     * One meter added or removed ({@code meter} is {@code null} for a registration Micrometer refused: its name
     * must be looked at again).
     */
    public record MeterChange(Meter.Id id, Meter meter, boolean added) {
    }

    private volatile boolean exemplarsSampled;

    /**
     * Listens to the meter registry built on this registry; call it before any meter is registered, so that
     * meters Micrometer refused to add to its collectors are known.
     */
    public void trackMeters(MeterRegistry meters) {
        meters.config().onMeterRegistrationFailed((id, reason) -> {
            failedRegistrations.add(id);
            changed(new MeterChange(id, null, false));
            warnOnce(id, reason);
        });
        meters.config().onMeterAdded(meter -> changed(new MeterChange(meter.getId(), meter, true)));
        meters.config().onMeterRemoved(meter -> {
            failedRegistrations.remove(meter.getId());
            changed(new MeterChange(meter.getId(), meter, false));
        });
    }

    /** Logs a change, then moves the generation on: a reader that drained after reading the generation sees it. */
    private void changed(MeterChange change) {
        synchronized (changes) {
            if (!changesLost) {
                if (changes.size() < CHANGE_LIMIT) {
                    changes.add(change);
                } else {
                    changes.clear();
                    changesLost = true;
                }
            }
        }
        generation.incrementAndGet();
    }

    /**
     * The meters added and removed since the last call, in order, or {@code null} when they were too many to keep
     * (or the registry was cleared): then only a look at every meter tells what changed. Read the
     * {@link #generation} before: a change after it is either in this list or moves the generation on again.
     */
    public List<MeterChange> drainChanges() {
        synchronized (changes) {
            boolean lost = changesLost;
            changesLost = false;
            List<MeterChange> drained = lost ? null : List.copyOf(changes);
            changes.clear();
            return drained;
        }
    }

    /**
     * Notes that the meter registry built on this registry samples exemplars (it was given a {@code SpanContext}), so
     * that the fast exposition reads and writes them; call it before the first scrape.
     */
    public void exemplarsSampled(boolean sampled) {
        this.exemplarsSampled = sampled;
    }

    public boolean exemplarsSampled() {
        return exemplarsSampled;
    }

    /**
     * One WARN per meter name and reason: a refused meter (same name as another with other tag keys, or another
     * type) would otherwise vanish silently from every scrape, while the application keeps recording into it.
     */
    private void warnOnce(Meter.Id id, String reason) {
        if (warned.add(id.getName() + '\n' + reason)) {
            LOG.warnf("Meter '%s' (%s, tags %s) is not exported: %s. Give it another name or the same tag keys and"
                    + " type as the meter registered first; see the guide's troubleshooting section"
                    + " \"A meter is missing from the exposition\" (#meter-registration-failed). Logged once per meter"
                    + " name.", id.getName(), id.getType(), id.getTags(),
                    reason.endsWith(".") ? reason.substring(0, reason.length() - 1) : reason);
        }
    }

    @Override
    public void register(Collector collector) {
        super.register(collector);
        foreignCollectors.add(collector);
    }

    @Override
    public void register(MultiCollector collector) {
        super.register(collector);
        if (isMicrometerCollector(collector)) {
            micrometerCollectors.add(collector);
            generation.incrementAndGet();
        } else {
            foreignMultiCollectors.add(collector);
        }
    }

    @Override
    public void unregister(Collector collector) {
        super.unregister(collector);
        foreignCollectors.remove(collector);
    }

    @Override
    public void unregister(MultiCollector collector) {
        super.unregister(collector);
        if (micrometerCollectors.remove(collector)) {
            generation.incrementAndGet();
        }
        foreignMultiCollectors.remove(collector);
    }

    @Override
    public void clear() {
        super.clear();
        foreignCollectors.clear();
        foreignMultiCollectors.clear();
        micrometerCollectors.clear();
        synchronized (changes) {
            changes.clear();
            changesLost = true;
        }
        generation.incrementAndGet();
    }

    static boolean isMicrometerCollector(MultiCollector collector) {
        return collector.getClass().getName().equals(MICROMETER_COLLECTOR);
    }

    /** Changes whenever a Micrometer meter or collector comes or goes. */
    public long generation() {
        return generation.get();
    }

    public List<Collector> foreignCollectors() {
        return foreignCollectors;
    }

    public List<MultiCollector> foreignMultiCollectors() {
        return foreignMultiCollectors;
    }

    public List<MultiCollector> micrometerCollectors() {
        return micrometerCollectors;
    }

    /**
     * Whether Micrometer refused any meter still registered: when not, no id needs {@link #registrationFailed}, a
     * lookup that hashes the id's tags.
     */
    public boolean anyRegistrationFailed() {
        return !failedRegistrations.isEmpty();
    }

    /** Whether Micrometer refused to add the meter with this id to its collectors. */
    public boolean registrationFailed(Meter.Id id) {
        return failedRegistrations.contains(id);
    }
}
