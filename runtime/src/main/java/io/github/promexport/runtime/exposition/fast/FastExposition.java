package io.github.promexport.runtime.exposition.fast;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import io.github.promexport.runtime.exposition.ClientExposition;
import io.github.promexport.runtime.exposition.Exposition;
import io.github.promexport.runtime.exposition.ExpositionFormat;
import io.github.promexport.runtime.exposition.fast.Families.Family;
import io.github.promexport.runtime.exposition.fast.Sample.LayoutMismatch;
import io.github.promexport.runtime.exposition.fast.Sources.Source;
import io.github.promexport.runtime.registry.TrackingPrometheusRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.config.ExporterProperties;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.prometheus.metrics.model.registry.Collector;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;

/**
 * Writes Micrometer's meters in the Prometheus text format 0.0.4 and in OpenMetrics 1.0 without building metric
 * snapshots: the bytes are exactly those {@code PrometheusTextFormatWriter} and {@code OpenMetricsTextFormatWriter}
 * (Prometheus client 1.4.3, default escaping, no created timestamps) write for {@code registry.scrape()}.
 * <p>
 * A cached {@link Layout} holds everything but the values; it is rebuilt when meters come or go. Each scrape reads
 * every meter first (as the client does, so that a meter the client would refuse fails the scrape before any byte
 * is written), then writes cached bytes and freshly formatted values into a buffer, merging in, at their sorted
 * places, the families of collectors that are not Micrometer's and of meters the layout leaves to the client.
 * <p>
 * Thread safety: the layout is immutable and published through a volatile field; builds are serialised; each
 * scrape has its own {@link Sample} and buffer (one spare buffer is kept for reuse, handed over atomically).
 */
public final class FastExposition implements Exposition {

    private static final byte[] EOF = { '#', ' ', 'E', 'O', 'F', '\n' };
    private static final long RETRY_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final int INITIAL_BUFFER = 64 * 1024;
    /** A buffer that grew beyond this after an unusual scrape is not kept. */
    private static final int MAX_KEPT_BUFFER = 16 * 1024 * 1024;

    private final PrometheusMeterRegistry meters;
    private final TrackingPrometheusRegistry registry;
    private final ExpositionFormatWriter text;
    private final ExpositionFormatWriter openMetrics;
    private final ClientExposition client;
    private final Object buildLock = new Object();
    private final AtomicReference<ByteSink> spare = new AtomicReference<>();
    private volatile Layout layout;
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
     * reproduce them: the meter registry is not built on a {@link TrackingPrometheusRegistry}, or the exporter
     * properties ask for created timestamps.
     */
    public static Exposition create(PrometheusMeterRegistry meters, ExpositionFormats formats,
            ExporterProperties properties) {
        ClientExposition client = new ClientExposition(meters.getPrometheusRegistry());
        if (!(meters.getPrometheusRegistry() instanceof TrackingPrometheusRegistry)
                || properties.getIncludeCreatedTimestamps()) {
            return client;
        }
        return new FastExposition(meters, (TrackingPrometheusRegistry) meters.getPrometheusRegistry(),
                formats.getPrometheusTextFormatWriter(), formats.getOpenMetricsTextFormatWriter(), client);
    }

    @Override
    public Body render(ExpositionFormat format, List<String> sampleNames) throws IOException {
        // The one place that decides whether the layout can serve a scrape: unfiltered text or OpenMetrics with
        // the default escaping. Everything else, and whatever the layout leaves to the client, is the client's.
        if (!sampleNames.isEmpty() || format.escaping() != EscapingScheme.DEFAULT
                || (format.writer() != text && format.writer() != openMetrics)) {
            return client.render(format, sampleNames);
        }
        Layout current = currentLayout();
        if (current.clientOnly) {
            return client.render(format, sampleNames);
        }
        ByteSink sink = takeSink();
        try {
            render(current, sink, format.writer());
        } catch (LayoutMismatch e) {
            invalidate(current);
            returnSink(sink);
            return client.render(format, sampleNames);
        } catch (IOException | RuntimeException | Error e) {
            returnSink(sink);
            throw e;
        }
        AtomicBoolean written = new AtomicBoolean();
        return out -> {
            if (!written.compareAndSet(false, true)) {
                // The buffer may already serve another scrape.
                throw new IllegalStateException("A rendered scrape is written once");
            }
            try {
                sink.writeTo(out);
            } finally {
                returnSink(sink);
            }
        };
    }

    /** For tests: what the current layout writes itself and what it leaves to the client. */
    String describeLayout() {
        Layout current = currentLayout();
        return "clientOnly=" + current.clientOnly + " families=" + current.families.length + " clientCollectors="
                + current.clientCollectors.size();
    }

    private Layout currentLayout() {
        Layout current = layout;
        if (isFresh(current)) {
            return current;
        }
        synchronized (buildLock) {
            current = layout;
            if (isFresh(current)) {
                return current;
            }
            builtAt = System.nanoTime();
            current = Layout.build(meters, registry);
            layout = current;
            return current;
        }
    }

    private boolean isFresh(Layout current) {
        return current != null && current.generation == registry.generation()
                && !(current.retry && System.nanoTime() - builtAt > RETRY_NANOS);
    }

    private void invalidate(Layout stale) {
        synchronized (buildLock) {
            if (layout == stale) {
                layout = null;
            }
        }
    }

    private void render(Layout current, ByteSink out, ExpositionFormatWriter writer) throws IOException {
        boolean openMetricsFormat = writer == openMetrics;
        Sample sample = current.newSample();
        for (Source source : current.sources) {
            source.sample(sample);
        }
        List<MetricSnapshot> others = collectOthers(current);
        Family[] families = current.families;
        int f = 0;
        int o = 0;
        while (f < families.length || o < others.size()) {
            if (o == others.size()) {
                families[f++].write(out, sample, openMetricsFormat);
                continue;
            }
            String otherName = others.get(o).getMetadata().getPrometheusName();
            int order = f == families.length ? 1 : families[f].name.compareTo(otherName);
            if (order == 0) {
                throw new IllegalStateException(otherName + ": duplicate metric name.");
            }
            if (order < 0) {
                families[f++].write(out, sample, openMetricsFormat);
            } else {
                writeWithClient(out, others.get(o++), writer, openMetricsFormat);
            }
        }
        if (openMetricsFormat) {
            out.write(EOF);
        }
    }

    /** Snapshots of collectors that are not Micrometer's and of the meters the layout leaves to the client. */
    private List<MetricSnapshot> collectOthers(Layout current) {
        List<Collector> collectors = registry.foreignCollectors();
        List<MultiCollector> multiCollectors = registry.foreignMultiCollectors();
        if (collectors.isEmpty() && multiCollectors.isEmpty() && current.clientCollectors.isEmpty()) {
            return List.of();
        }
        List<MetricSnapshot> result = new ArrayList<>();
        for (Collector collector : collectors) {
            MetricSnapshot snapshot = collector.collect();
            if (snapshot != null) {
                result.add(snapshot);
            }
        }
        for (MultiCollector collector : multiCollectors) {
            collectInto(collector, result);
        }
        for (MultiCollector collector : current.clientCollectors) {
            collectInto(collector, result);
        }
        result.sort(Comparator.comparing(snapshot -> snapshot.getMetadata().getPrometheusName()));
        for (int i = 1; i < result.size(); i++) {
            String name = result.get(i).getMetadata().getPrometheusName();
            if (name.equals(result.get(i - 1).getMetadata().getPrometheusName())) {
                throw new IllegalStateException(name + ": duplicate metric name.");
            }
        }
        return result;
    }

    private static void collectInto(MultiCollector collector, List<MetricSnapshot> result) {
        for (MetricSnapshot snapshot : collector.collect()) {
            result.add(snapshot);
        }
    }

    private static void writeWithClient(ByteSink out, MetricSnapshot snapshot, ExpositionFormatWriter writer,
            boolean openMetricsFormat) throws IOException {
        writer.write(out, MetricSnapshots.of(snapshot), EscapingScheme.DEFAULT);
        if (openMetricsFormat) {
            // The OpenMetrics writer ends every exposition with "# EOF"; ours ends once.
            out.truncate(out.size() - EOF.length);
        }
    }

    private ByteSink takeSink() {
        ByteSink sink = spare.getAndSet(null);
        if (sink == null) {
            return new ByteSink(INITIAL_BUFFER);
        }
        sink.reset();
        return sink;
    }

    private void returnSink(ByteSink sink) {
        if (sink.capacity() <= MAX_KEPT_BUFFER) {
            spare.set(sink);
        }
    }
}
