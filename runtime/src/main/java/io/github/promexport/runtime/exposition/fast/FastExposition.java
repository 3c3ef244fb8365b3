package io.github.promexport.runtime.exposition.fast;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import io.github.promexport.runtime.exposition.ClientExposition;
import io.github.promexport.runtime.exposition.Exposition;
import io.github.promexport.runtime.exposition.ExpositionFormat;
import io.github.promexport.runtime.exposition.fast.Families.Family;
import io.github.promexport.runtime.exposition.fast.ScrapeValues.LayoutMismatch;
import io.github.promexport.runtime.exposition.fast.Sources.Source;
import io.github.promexport.runtime.registry.TrackingPrometheusRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.config.ExporterProperties;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;

/**
 * Writes Micrometer's meters in the Prometheus text format 0.0.4 and in OpenMetrics 1.0 without building metric
 * snapshots: the bytes are exactly those {@code PrometheusTextFormatWriter} and {@code OpenMetricsTextFormatWriter}
 * (Prometheus client 1.4.3, default or allow-utf-8 escaping, no created timestamps) write for {@code registry.scrape()}.
 * <p>
 * Every scrape reads each meter once, whatever path it takes:
 * <ul>
 * <li>a format or filter the layout does not serve, or a layout that leaves everything to the client (a registry
 * state the client refuses, a meter class the rules do not know), goes to the {@link ClientExposition} (one client
 * scrape);</li>
 * <li>when the cached {@link Layout} is stale (meters came or went), the registry is collected once, collector by
 * collector ({@link LayoutBuilder#build}: the snapshots of a name are dropped once it is laid out, so the client's
 * snapshots of every series are never alive at once); the new layout is built from that read, and this scrape is
 * written from the same read, through the new layout and the client's writer for the names it leaves to the client.
 * Two exceptions read a second time: a build that finds two collectors returning one family name (a registry the
 * client refuses: its scrape fails, and this one fails the same way) hands the scrape to the client; a meter class
 * the rules do not know is found before anything is read;</li>
 * <li>otherwise the layout's sources read every meter into {@link ScrapeValues} first (as the client does, so that a
 * meter the client would refuse fails the scrape before any byte is written), then cached bytes and freshly
 * formatted values are streamed to the response, merging in, at their sorted places, the families of collectors that
 * are not Micrometer's and of the names the layout leaves to the client.</li>
 * </ul>
 * The body is never held whole: it goes out through a buffer of {@value #STREAM_BUFFER} bytes per scrape, so a
 * scrape holds its values (8 bytes per series) and that buffer, whatever the size of the exposition and however
 * slowly the client reads.
 * The one exception: when the values of a name stop fitting the layout during a scrape (a custom meter whose
 * measurements changed, buckets or quantiles that changed), that name's collector is collected for that scrape, so
 * its meters (never gauges, counters or function meters, which always fit) are read a second time, once; the name
 * is left to the client while its collector stays registered.
 * <p>
 * Thread safety: the layout is immutable and published through a volatile field; builds are serialised; each
 * scrape has its own {@link ScrapeValues} and buffer (one spare buffer is kept for reuse, handed over atomically).
 * <p>
 * Escaping: the layout writes the default (underscore) escaping, and {@code allow-utf-8} (Prometheus 3's first
 * choice) when every name it writes is a legacy name, as Micrometer's are: the client writes those alike.
 */
public final class FastExposition implements Exposition {

    private static final byte[] EOF = { '#', ' ', 'E', 'O', 'F', '\n' };
    private static final long RETRY_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** The bytes of its body a scrape holds at most (a little more while the client's writer writes a family). */
    static final int STREAM_BUFFER = 32 * 1024;

    private final PrometheusMeterRegistry meters;
    private final TrackingPrometheusRegistry registry;
    private final ExpositionFormatWriter text;
    private final ExpositionFormatWriter openMetrics;
    private final ClientExposition client;
    private final Object buildLock = new Object();
    /** Names whose values stopped fitting a layout; left to the client while their collector is registered. */
    private final Set<MultiCollector> forcedToClient = Collections.newSetFromMap(new ConcurrentHashMap<>());
    private final AtomicReference<ByteSink> spare = new AtomicReference<>();
    private volatile Layout layout;
    /** For tests, guarded by {@link #buildLock}: layouts built in full and in part. */
    private int fullBuilds;
    private int partialBuilds;
    /** Partial builds that patched every changed name per series, reading no collector of theirs. */
    private int patchBuilds;
    private volatile long builtAt;

    private FastExposition(PrometheusMeterRegistry meters, TrackingPrometheusRegistry registry,
            ExpositionFormatWriter text, ExpositionFormatWriter openMetrics, ClientExposition client) {
        this.meters = meters;
        this.client = client;
        this.registry = registry;
        this.text = text;
        this.openMetrics = openMetrics;
    }

    /**
     * The fast exposition for the text and OpenMetrics writers of {@code formats}, or the client's when it cannot
     * reproduce them: the meter registry is not built on a {@link TrackingPrometheusRegistry}, the exporter
     * properties ask for created timestamps or for exemplars on all metric types, or the registry samples exemplars
     * that this Micrometer version does not let the fast path read.
     */
    public static Exposition create(PrometheusMeterRegistry meters, ExpositionFormats formats,
            ExporterProperties properties) {
        ClientExposition client = new ClientExposition(meters.getPrometheusRegistry());
        if (!(meters.getPrometheusRegistry() instanceof TrackingPrometheusRegistry)
                || properties.getIncludeCreatedTimestamps() || properties.getExemplarsOnAllMetricTypes()) {
            return client;
        }
        if (((TrackingPrometheusRegistry) meters.getPrometheusRegistry()).exemplarsSampled()
                && !MicrometerExemplars.AVAILABLE) {
            return client;
        }
        return new FastExposition(meters, (TrackingPrometheusRegistry) meters.getPrometheusRegistry(),
                formats.getPrometheusTextFormatWriter(), formats.getOpenMetricsTextFormatWriter(), client);
    }

    @Override
    public Body render(ExpositionFormat format, List<String> sampleNames) throws IOException {
        // The one place that decides whether the layout can serve a scrape: unfiltered text or OpenMetrics with
        // the default escaping, or with allow-utf-8 (Prometheus 3's default) when every name the layout writes is
        // a legacy name, which both schemes write alike. Everything else, and whatever the layout leaves to the
        // client, is the client's.
        if (!sampleNames.isEmpty() || !servable(format.escaping())
                || (format.writer() != text && format.writer() != openMetrics)) {
            return client.render(format, sampleNames);
        }
        Layout current = layout;
        if (!isFresh(current)) {
            Rebuilt rebuilt = rebuild(format);
            if (rebuilt.body != null) {
                return rebuilt.body;
            }
            current = rebuilt.layout;
        }
        if (current.clientOnly || !current.serves(format.escaping())) {
            return client.render(format, sampleNames);
        }
        ScrapeValues values = current.newValues();
        boolean[] misfits = read(current, values);
        return body(current, values, misfits, collectOthers(current, misfits), format);
    }

    private static boolean servable(EscapingScheme escaping) {
        return escaping == EscapingScheme.DEFAULT || escaping == EscapingScheme.ALLOW_UTF8;
    }

    /**
     * For tests: how many layouts were built in full and in part, and how many of the partial ones only patched
     * names per series, as {@code "full/partial/patched"}.
     */
    String builds() {
        synchronized (buildLock) {
            return fullBuilds + "/" + partialBuilds + "/" + patchBuilds;
        }
    }

    /** For tests: whether a scrape in {@code format} is written from the current layout. */
    boolean writesFromLayout(ExpositionFormat format) {
        Layout current = layout;
        return servable(format.escaping()) && current != null && !current.clientOnly
                && current.serves(format.escaping());
    }

    /** For tests: what the current layout writes itself and what it leaves to the client. */
    String describeLayout() {
        Layout current = layout;
        return String.valueOf(current);
    }

    /**
     * Builds the layout from one read of the registry and writes this scrape from that read; or, when another
     * scrape built a fresh layout meanwhile, that layout.
     */
    private Rebuilt rebuild(ExpositionFormat format) throws IOException {
        synchronized (buildLock) {
            Layout current = layout;
            if (isFresh(current)) {
                return new Rebuilt(current, null);
            }
            // Read before collecting: a change during the read makes the new layout stale at once.
            long generation = registry.generation();
            List<TrackingPrometheusRegistry.MeterChange> changes = registry.drainChanges();
            if (changes != null) {
                LayoutBuilder.Partial partial = LayoutBuilder.rebuild(current, generation, changes, meters, registry,
                        forcedToClient);
                if (partial != null) {
                    partialBuilds++;
                    if (partial.patchedNames() > 0 && partial.laidOutNames() == 0) {
                        patchBuilds++;
                    }
                    builtAt = System.nanoTime();
                    layout = partial.layout();
                    if (!partial.layout().serves(format.escaping())) {
                        // Not with Micrometer's names, which are always legacy names: the client writes this one.
                        return new Rebuilt(partial.layout(), null);
                    }
                    return new Rebuilt(partial.layout(), partlyRebuiltBody(partial, format));
                }
            }
            fullBuilds++;
            LayoutBuilder.Built built = LayoutBuilder.build(generation, meters, registry, forcedToClient);
            forcedToClient.retainAll(built.collectors());
            builtAt = System.nanoTime();
            layout = built.layout();
            if (built.values() == null) {
                // A meter the rules do not know, found before any read: the client reads and writes this scrape.
                // Or two collectors returning one family name: the client's scrape fails, and so does this one.
                return new Rebuilt(built.layout(), client.render(format, List.of()));
            }
            // Written from the build's read: the families planned, and the snapshots the client writes.
            Layout written = built.written();
            List<MetricSnapshot> others = built.others();
            boolean[] leftToClient = null;
            if (!written.serves(format.escaping())) {
                // Not with Micrometer's names, which are always legacy names: the client writes the others.
                others.addAll(built.nonLegacySnapshots());
                leftToClient = built.nonLegacyOwners();
            }
            CollectedRegistry.sortRefusingDuplicates(others);
            return new Rebuilt(built.layout(), body(written, built.values(), leftToClient, others, format));
        }
    }

    private record Rebuilt(Layout layout, Body body) {
    }

    /**
     * The scrape that rebuilt a layout in part: the names laid out again were read for the rebuild, the kept names'
     * meters are read now through their sources, and everything else the client writes is collected now, except
     * the collectors already read for the rebuild.
     */
    private Body partlyRebuiltBody(LayoutBuilder.Partial partial, ExpositionFormat format) {
        Layout current = partial.layout();
        ScrapeValues values = partial.values();
        boolean[] misfits = read(current, values, partial.keptSources());
        List<MetricSnapshot> others = new ArrayList<>(partial.collectedForClient());
        CollectedRegistry.collectForeign(registry, others);
        for (MultiCollector collector : current.clientCollectors) {
            if (!partial.read().contains(collector)) {
                collectInto(collector, others);
            }
        }
        if (misfits != null) {
            for (int i = 0; i < misfits.length; i++) {
                if (misfits[i]) {
                    collectInto(current.owners[i], others);
                }
            }
        }
        CollectedRegistry.sortRefusingDuplicates(others);
        return body(current, values, misfits, others, format);
    }

    private boolean isFresh(Layout current) {
        return current != null && current.generation == registry.generation()
                && !(current.retry && System.nanoTime() - builtAt > RETRY_NANOS);
    }

    /**
     * The body that writes the layout's families with {@code values}, skipping the misfit names', and the
     * {@code others} at their sorted places. It streams through a buffer of {@value #STREAM_BUFFER} bytes, which
     * is all a scrape holds of its body: a failure before the first byte leaves the status to the caller (a 503),
     * one after goes to the caller with the bytes sent (the response is cut).
     */
    private Body body(Layout current, ScrapeValues values, boolean[] misfits, List<MetricSnapshot> others,
            ExpositionFormat format) {
        AtomicBoolean written = new AtomicBoolean();
        return out -> {
            if (!written.compareAndSet(false, true)) {
                throw new IllegalStateException("A rendered scrape is written once");
            }
            ByteSink sink = takeSink();
            sink.streamTo(out);
            try {
                write(current, values, misfits, others, format, sink);
                sink.drainAll();
            } catch (UncheckedIOException e) {
                throw e.getCause();
            } finally {
                sink.streamTo(null);
                returnSink(sink);
            }
        };
    }

    private void write(Layout current, ScrapeValues values, boolean[] misfits, List<MetricSnapshot> others,
            ExpositionFormat format, ByteSink out) throws IOException {
        ExpositionFormatWriter writer = format.writer();
        boolean openMetricsFormat = writer == openMetrics;
        Family[] families = current.families;
        int f = 0;
        int o = 0;
        while (f < families.length || o < others.size()) {
            if (f < families.length && misfits != null && misfits[current.familyOwners[f]]) {
                f++;
                continue;
            }
            if (o == others.size()) {
                families[f++].write(out, values, openMetricsFormat);
                continue;
            }
            String otherName = others.get(o).getMetadata().getPrometheusName();
            int order = f == families.length ? 1 : families[f].name.compareTo(otherName);
            if (order == 0) {
                throw new IllegalStateException(otherName + ": duplicate metric name.");
            }
            if (order < 0) {
                families[f++].write(out, values, openMetricsFormat);
            } else {
                writeWithClient(out, others.get(o++), format, openMetricsFormat);
            }
        }
        if (openMetricsFormat) {
            out.write(EOF);
        }
    }

    /**
     * Reads every meter of the layout once. Returns {@code null}, or, when the values of some names no longer fit
     * the layout, which of {@link Layout#owners} must be written by the client this time (and from now on).
     */
    private boolean[] read(Layout current, ScrapeValues values) {
        return read(current, values, current.sources.length);
    }

    /** Reads the meters of the first {@code count} sources of the layout. */
    private boolean[] read(Layout current, ScrapeValues values, int count) {
        boolean[] misfits = null;
        Source[] sources = current.sources;
        for (int i = 0; i < count; i++) {
            try {
                sources[i].read(values);
            } catch (LayoutMismatch e) {
                // Keep reading: the other names' values are good, and reading them again would read them twice.
                if (misfits == null) {
                    misfits = new boolean[current.owners.length];
                }
                misfits[current.sourceOwners[i]] = true;
            }
        }
        if (misfits != null) {
            leaveToClient(current, misfits);
        }
        return misfits;
    }

    private void leaveToClient(Layout stale, boolean[] misfits) {
        synchronized (buildLock) {
            for (int i = 0; i < misfits.length; i++) {
                if (misfits[i]) {
                    forcedToClient.add(stale.owners[i]);
                }
            }
            if (layout == stale) {
                layout = null;
            }
        }
    }

    /**
     * Snapshots of collectors that are not Micrometer's, of the names the layout leaves to the client and of the
     * misfits of this scrape.
     */
    private List<MetricSnapshot> collectOthers(Layout current, boolean[] misfits) {
        if (registry.foreignCollectors().isEmpty() && registry.foreignMultiCollectors().isEmpty()
                && current.clientCollectors.isEmpty() && misfits == null) {
            return List.of();
        }
        List<MetricSnapshot> result = new ArrayList<>();
        CollectedRegistry.collectForeign(registry, result);
        for (MultiCollector collector : current.clientCollectors) {
            collectInto(collector, result);
        }
        if (misfits != null) {
            for (int i = 0; i < misfits.length; i++) {
                if (misfits[i]) {
                    collectInto(current.owners[i], result);
                }
            }
        }
        CollectedRegistry.sortRefusingDuplicates(result);
        return result;
    }

    private static void collectInto(MultiCollector collector, List<MetricSnapshot> result) {
        for (MetricSnapshot snapshot : collector.collect()) {
            result.add(snapshot);
        }
    }

    private static void writeWithClient(ByteSink out, MetricSnapshot snapshot, ExpositionFormat format,
            boolean openMetricsFormat) throws IOException {
        if (!openMetricsFormat) {
            format.writer().write(out, MetricSnapshots.of(snapshot), format.escaping());
            return;
        }
        // The OpenMetrics writer ends every exposition with "# EOF"; ours ends once. The sink holds the last bytes
        // back from the stream so that they can be dropped.
        out.holdBack(EOF.length);
        format.writer().write(out, MetricSnapshots.of(snapshot), format.escaping());
        out.truncate(out.size() - EOF.length);
        out.holdBack(0);
    }

    private ByteSink takeSink() {
        ByteSink sink = spare.getAndSet(null);
        if (sink == null) {
            return new ByteSink(STREAM_BUFFER);
        }
        sink.reset();
        return sink;
    }

    private void returnSink(ByteSink sink) {
        if (sink.capacity() <= STREAM_BUFFER) {
            spare.set(sink);
        }
    }
}
