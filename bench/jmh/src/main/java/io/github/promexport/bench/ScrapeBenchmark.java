package io.github.promexport.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import io.github.promexport.runtime.exposition.Exposition;
import io.github.promexport.runtime.exposition.ExpositionFormat;
import io.github.promexport.runtime.exposition.fast.FastExposition;
import io.github.promexport.runtime.registry.TrackingPrometheusRegistry;
import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.config.ExporterProperties;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.prometheus.metrics.expositionformats.OpenMetricsTextFormatWriter;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;

/**
 * Scrape cost over the twin applications' synthetic mix (half counters, a quarter gauges, a quarter timer
 * samples), written to a null stream:
 * <ul>
 * <li>{@code micrometer*}: {@code PrometheusMeterRegistry.scrape(out, contentType)}, snapshots plus writer;</li>
 * <li>{@code fast*}: our {@link FastExposition};</li>
 * <li>{@code fastTextAfterMeterChange}: ours when a meter came or went since the last scrape, so that the layout is
 * rebuilt (a counter is registered or removed before each scrape);</li>
 * <li>{@code bareWriter*}: the client's writer over snapshots built beforehand, the serialization limit;</li>
 * <li>{@code snapshotsOnly}: {@code PrometheusRegistry.scrape()}, building the snapshots alone;</li>
 * <li>{@code simpleclientText}: Micrometer's simpleclient registry, as Quarkus's own extension uses.</li>
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class ScrapeBenchmark {

    @Param({ "1000", "10000" })
    int series;

    private final OutputStream out = OutputStream.nullOutputStream();
    private PrometheusMeterRegistry registry;
    private TrackingPrometheusRegistry prometheusRegistry;
    private Exposition exposition;
    private ExpositionFormat fastTextFormat;
    private ExpositionFormat fastOpenMetricsFormat;
    private PrometheusTextFormatWriter text;
    private OpenMetricsTextFormatWriter openMetrics;
    private MetricSnapshots snapshots;
    private io.micrometer.prometheus.PrometheusMeterRegistry simpleclient;
    private Counter toggled;

    @Setup(Level.Trial)
    public void setUp() {
        prometheusRegistry = new TrackingPrometheusRegistry();
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT, prometheusRegistry, Clock.SYSTEM);
        prometheusRegistry.trackMeters(registry);
        new SyntheticMeters(series).bindTo(registry);
        ExporterProperties properties = ExporterProperties.builder().build();
        ExpositionFormats formats = ExpositionFormats.init(properties);
        text = formats.getPrometheusTextFormatWriter();
        openMetrics = formats.getOpenMetricsTextFormatWriter();
        exposition = FastExposition.create(registry, formats, properties);
        fastTextFormat = new ExpositionFormat(text, EscapingScheme.DEFAULT);
        fastOpenMetricsFormat = new ExpositionFormat(openMetrics, EscapingScheme.DEFAULT);
        snapshots = prometheusRegistry.scrape();

        simpleclient = new io.micrometer.prometheus.PrometheusMeterRegistry(
                io.micrometer.prometheus.PrometheusConfig.DEFAULT);
        new SyntheticMeters(series).bindTo(simpleclient);
    }

    @Benchmark
    public void micrometerText() throws IOException {
        registry.scrape(out, PrometheusTextFormatWriter.CONTENT_TYPE);
    }

    @Benchmark
    public void micrometerOpenMetrics() throws IOException {
        registry.scrape(out, OpenMetricsTextFormatWriter.CONTENT_TYPE);
    }

    @Benchmark
    public void fastText() throws IOException {
        exposition.render(fastTextFormat, List.of()).writeTo(out);
    }

    @Benchmark
    public void fastOpenMetrics() throws IOException {
        exposition.render(fastOpenMetricsFormat, List.of()).writeTo(out);
    }

    @Benchmark
    public void fastTextAfterMeterChange() throws IOException {
        if (toggled == null) {
            toggled = Counter.builder("bench.toggled").register(registry);
        } else {
            registry.remove(toggled);
            toggled = null;
        }
        exposition.render(fastTextFormat, List.of()).writeTo(out);
    }

    @Benchmark
    public void bareWriterText() throws IOException {
        text.write(out, snapshots, EscapingScheme.DEFAULT);
    }

    @Benchmark
    public void bareWriterOpenMetrics() throws IOException {
        openMetrics.write(out, snapshots, EscapingScheme.DEFAULT);
    }

    @Benchmark
    public MetricSnapshots snapshotsOnly() {
        return prometheusRegistry.scrape();
    }

    @Benchmark
    public void simpleclientText() throws IOException {
        Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        simpleclient.scrape(writer);
        writer.flush();
    }
}
