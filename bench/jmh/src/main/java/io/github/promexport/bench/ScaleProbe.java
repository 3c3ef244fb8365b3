package io.github.promexport.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import io.github.promexport.runtime.exposition.Exposition;
import io.github.promexport.runtime.exposition.ExpositionFormat;
import io.github.promexport.runtime.exposition.fast.FastExposition;
import io.github.promexport.runtime.registry.TrackingPrometheusRegistry;
import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.config.ExporterProperties;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;

/**
 * Single-shot scale and churn measurements that JMH's steady state hides: the first scrape of a large registry
 * (which builds the layout), the scrapes after it, the heap the registry and the layout hold, and the scrape after
 * 1 % of the meters were replaced. Micrometer's own scrape ({@code PrometheusMeterRegistry.scrape}) is measured in
 * the same run for the ratio. Not a test: run by hand, for example
 * {@code java -Xmx2g -cp bench/jmh/target/benchmarks.jar io.github.promexport.bench.ScaleProbe scale 1000000}
 * or {@code ... ScaleProbe churn 100000} ({@code app-churn}: the bench applications' churn).
 */
public final class ScaleProbe {

    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    public static void main(String[] args) throws Exception {
        String mode = args.length > 0 ? args[0] : "scale";
        int series = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        if (mode.equals("churn")) {
            churn(series, rounds);
        } else if (mode.equals("app-churn")) {
            appChurn(series, rounds);
        } else {
            scale(series, rounds);
        }
    }

    private static void scale(int series, int rounds) throws IOException {
        long baseline = usedAfterGc();
        Setup setup = new Setup(series);
        long registered = usedAfterGc();
        System.out.printf("series=%d heap: registry %.1f MB (%.0f B/series)%n", series, mb(registered - baseline),
                (double) (registered - baseline) / series);
        for (int i = 0; i < rounds; i++) {
            long start = System.nanoTime();
            long cpu = THREADS.getCurrentThreadCpuTime();
            long gc = gcMillis();
            long bytes = setup.fastScrape();
            long ms = (System.nanoTime() - start) / 1_000_000;
            System.out.printf("fast scrape %d: %d ms wall, %d ms cpu, %d ms gc, %.1f MB%n", i + 1, ms,
                    (THREADS.getCurrentThreadCpuTime() - cpu) / 1_000_000, gcMillis() - gc, mb(bytes));
            if (i == 0) {
                long withLayout = usedAfterGc();
                System.out.printf("heap: layout %.1f MB (%.0f B/series); registry+layout %.0f B/series%n",
                        mb(withLayout - registered), (double) (withLayout - registered) / series,
                        (double) (withLayout - baseline) / series);
            }
        }
        for (int i = 0; i < Math.min(rounds, 3); i++) {
            long start = System.nanoTime();
            long cpu = THREADS.getCurrentThreadCpuTime();
            long gc = gcMillis();
            setup.micrometerScrape();
            System.out.printf("micrometer scrape %d: %d ms wall, %d ms cpu, %d ms gc%n", i + 1,
                    (System.nanoTime() - start) / 1_000_000, (THREADS.getCurrentThreadCpuTime() - cpu) / 1_000_000,
                    gcMillis() - gc);
        }
    }

    /** Replaces 1 % of the counters before each scrape; ours and Micrometer's scrape after each change. */
    private static void churn(int series, int rounds) throws IOException {
        Setup setup = new Setup(series);
        setup.fastScrape();
        Random random = new Random(1);
        int churned = Math.max(1, series / 100);
        List<Meter> minted = new ArrayList<>();
        long fastTotal = 0;
        long micrometerTotal = 0;
        long fastCpu = 0;
        long micrometerCpu = 0;
        int generation = 0;
        for (int round = 0; round < rounds * 2; round++) {
            // Remove the meters minted last round, mint as many new ones (new tag values: new series).
            for (Meter meter : minted) {
                setup.registry.remove(meter);
            }
            minted.clear();
            generation++;
            for (int i = 0; i < churned; i++) {
                minted.add(Counter.builder("bench.tenant.requests").tag("tenant", "t-" + generation + "-" + i)
                        .tag("shard", "s" + random.nextInt(8)).register(setup.registry));
            }
            long start = System.nanoTime();
            long cpu = THREADS.getCurrentThreadCpuTime();
            boolean fast = round % 2 == 0;
            if (fast) {
                setup.fastScrape();
                fastTotal += System.nanoTime() - start;
                fastCpu += THREADS.getCurrentThreadCpuTime() - cpu;
            } else {
                setup.micrometerScrape();
                micrometerTotal += System.nanoTime() - start;
                micrometerCpu += THREADS.getCurrentThreadCpuTime() - cpu;
            }
        }
        System.out.printf("series=%d churn=%d/scrape: fast %.1f ms, micrometer %.1f ms per scrape (ours/theirs %.2f)%n",
                series, churned, fastTotal / 1e6 / rounds, micrometerTotal / 1e6 / rounds,
                (double) fastTotal / micrometerTotal);
        System.out.printf("series=%d churn=%d/scrape: cpu fast %.1f ms, micrometer %.1f ms per scrape (ours/theirs %.2f)%n",
                series, churned, fastCpu / 1e6 / rounds, micrometerCpu / 1e6 / rounds, (double) fastCpu / micrometerCpu);
        // Steady state for reference.
        long start = System.nanoTime();
        long cpu = THREADS.getCurrentThreadCpuTime();
        for (int i = 0; i < rounds; i++) {
            setup.fastScrape();
        }
        System.out.printf("series=%d unchanged: fast %.1f ms per scrape, cpu %.1f ms%n", series,
                (System.nanoTime() - start) / 1e6 / rounds, (THREADS.getCurrentThreadCpuTime() - cpu) / 1e6 / rounds);
    }

    /**
     * The bench applications' churn ({@code SyntheticMeters.churn}: 1 % of the counters and of the gauges replaced,
     * same names, new label values) before each scrape, ours and Micrometer's scrape taking turns; the churn itself
     * is not timed.
     */
    private static void appChurn(int series, int rounds) throws IOException {
        Setup setup = new Setup(series);
        setup.fastScrape();
        long[] total = new long[2];
        long[] cpu = new long[2];
        for (int round = 0; round < rounds * 2 + 4; round++) {
            setup.synthetic.churn(1);
            int variant = round % 2;
            long start = System.nanoTime();
            long cpuStart = THREADS.getCurrentThreadCpuTime();
            if (variant == 0) {
                setup.fastScrape();
            } else {
                setup.micrometerScrape();
            }
            if (round >= 4) {
                total[variant] += System.nanoTime() - start;
                cpu[variant] += THREADS.getCurrentThreadCpuTime() - cpuStart;
            }
        }
        System.out.printf("series=%d app churn: fast %.1f ms, micrometer %.1f ms per scrape (theirs/ours %.2f);"
                + " cpu fast %.1f ms, micrometer %.1f ms (theirs/ours %.2f)%n", series, total[0] / 1e6 / rounds,
                total[1] / 1e6 / rounds, (double) total[1] / total[0], cpu[0] / 1e6 / rounds, cpu[1] / 1e6 / rounds,
                (double) cpu[1] / cpu[0]);
        long start = System.nanoTime();
        long cpuStart = THREADS.getCurrentThreadCpuTime();
        for (int i = 0; i < rounds; i++) {
            setup.fastScrape();
        }
        System.out.printf("series=%d unchanged: fast %.1f ms per scrape, cpu %.1f ms%n", series,
                (System.nanoTime() - start) / 1e6 / rounds, (THREADS.getCurrentThreadCpuTime() - cpuStart) / 1e6 / rounds);
    }

    private static final class Setup {
        final PrometheusMeterRegistry registry;
        final Exposition exposition;
        final ExpositionFormat text;
        final SyntheticMeters synthetic;

        Setup(int series) {
            TrackingPrometheusRegistry prometheusRegistry = new TrackingPrometheusRegistry();
            registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT, prometheusRegistry, Clock.SYSTEM);
            prometheusRegistry.trackMeters(registry);
            synthetic = new SyntheticMeters(series);
            synthetic.bindTo(registry);
            ExporterProperties properties = ExporterProperties.builder().build();
            ExpositionFormats formats = ExpositionFormats.init(properties);
            exposition = FastExposition.create(registry, formats, properties);
            text = new ExpositionFormat(formats.getPrometheusTextFormatWriter(), EscapingScheme.DEFAULT);
        }

        long fastScrape() throws IOException {
            CountingStream out = new CountingStream();
            exposition.render(text, List.of()).writeTo(out);
            return out.count;
        }

        void micrometerScrape() throws IOException {
            registry.scrape(new CountingStream(), PrometheusTextFormatWriter.CONTENT_TYPE);
        }
    }

    private static final class CountingStream extends OutputStream {
        long count;

        @Override
        public void write(int b) {
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            count += len;
        }
    }

    private static long usedAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return MEMORY.getHeapMemoryUsage().getUsed();
    }

    private static long gcMillis() {
        long total = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            total += Math.max(0, gc.getCollectionTime());
        }
        return total;
    }

    private static double mb(long bytes) {
        return bytes / 1024.0 / 1024.0;
    }
}
