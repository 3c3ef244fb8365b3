package io.github.promexport.runtime.exposition.fast;

import static java.util.concurrent.TimeUnit.NANOSECONDS;
import static java.util.concurrent.TimeUnit.SECONDS;

import java.util.Iterator;

import io.github.promexport.runtime.exposition.fast.ScrapeValues.Distribution;
import io.github.promexport.runtime.exposition.fast.ScrapeValues.LayoutMismatch;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Measurement;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Statistic;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import io.micrometer.core.instrument.distribution.HistogramSupport;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import io.micrometer.core.instrument.util.TimeUtils;
import io.micrometer.prometheusmetrics.PrometheusCounter;
import io.micrometer.prometheusmetrics.PrometheusDistributionSummary;
import io.prometheus.metrics.model.snapshots.Exemplar;
import io.prometheus.metrics.model.snapshots.Exemplars;

/**
 * Reads one meter per scrape, exactly as {@code PrometheusMeterRegistry} 1.16.3's collector children do (same
 * calls, same order, same conversions), into the slots of {@link ScrapeValues} the layout gave it. Each source
 * calls its meter's value functions once per scrape; counters, gauges and function counters are one-line
 * functions, meters with several values small classes.
 * <p>
 * When the registry samples exemplars, counters and histograms also read their exemplars (as the collector does,
 * after the values) and keep them encoded in {@link ScrapeValues}; the OpenMetrics format writes them, the text
 * format ignores them.
 */
final class Sources {

    private Sources() {
    }

    /** Reads one meter into the scrape's values. */
    @FunctionalInterface
    interface Source {
        void read(ScrapeValues values);
    }

    /** {@code CounterDataPointSnapshot.validate}: the client refuses the whole scrape. */
    static double counterValue(double value) {
        if (value < 0.0) {
            throw new IllegalArgumentException(value + ": counters cannot have a negative value");
        }
        return value;
    }

    /** {@code newCounter}. */
    static Source counter(Counter counter, int slot) {
        return values -> values.scalars[slot] = counterValue(counter.count());
    }

    /** {@code newCounter} with the counter's exemplar, when the registry samples them. */
    static Source counter(Counter counter, int slot, boolean exemplars) {
        if (!exemplars || !(counter instanceof PrometheusCounter)) {
            return counter(counter, slot);
        }
        EncodedExemplar[] cache = new EncodedExemplar[1];
        return values -> {
            values.scalars[slot] = counterValue(counter.count());
            Exemplar exemplar = MicrometerExemplars.ofCounter(counter);
            values.scalarExemplars[slot] = exemplar == null ? null
                    : EncodedExemplar.encode(exemplar, exemplar.getValue(), cache, 0);
        };
    }

    /** {@code newFunctionCounter}. */
    static Source functionCounter(FunctionCounter counter, int slot) {
        return values -> values.scalars[slot] = counterValue(counter.count());
    }

    /** {@code newGauge}, also for time gauges (whose {@code value()} is already in the base unit). */
    static Source gauge(Gauge gauge, int slot) {
        return values -> values.scalars[slot] = gauge.value();
    }

    /** {@code newFunctionTimer}: a summary without quantiles. */
    static Source functionTimer(FunctionTimer timer, int distribution) {
        return values -> {
            Distribution d = values.distributions[distribution];
            d.count = (long) timer.count();
            d.sum = timer.totalTime(SECONDS);
        };
    }

    /** {@code newMeter}: one value per measurement, in the meter's order. */
    static final class CustomMeterSource implements Source {
        private final Meter meter;
        private final Statistic[] statistics;
        private final int firstSlot;

        CustomMeterSource(Meter meter, Statistic[] statistics, int firstSlot) {
            this.meter = meter;
            this.statistics = statistics;
            this.firstSlot = firstSlot;
        }

        @Override
        public void read(ScrapeValues values) {
            int i = 0;
            Iterator<Measurement> measurements = meter.measure().iterator();
            while (measurements.hasNext()) {
                Measurement measurement = measurements.next();
                if (i >= statistics.length || measurement.getStatistic() != statistics[i]) {
                    throw new LayoutMismatch("measurements of " + meter.getId() + " changed");
                }
                double value = measurement.getValue();
                values.scalars[firstSlot + i] = isCounter(statistics[i]) ? counterValue(value) : value;
                i++;
            }
            if (i != statistics.length) {
                throw new LayoutMismatch("measurements of " + meter.getId() + " changed");
            }
        }

        static boolean isCounter(Statistic statistic) {
            return statistic == Statistic.TOTAL || statistic == Statistic.TOTAL_TIME || statistic == Statistic.COUNT;
        }
    }

    /**
     * The shape of one histogram or summary data point in the layout: upper bounds (histogram) or quantiles
     * (summary), as the client sorted them.
     */
    static final class Shape {
        final double[] upperBounds;
        final double[] quantiles;

        Shape(double[] upperBounds, double[] quantiles) {
            this.upperBounds = upperBounds;
            this.quantiles = quantiles;
        }
    }

    /** Timers and long task timers: {@code addDistributionStatisticSamples}, in seconds. */
    static final class HistogramSupportSource implements Source {
        private final HistogramSupport meter;
        private final Shape shape;
        private final int distribution;
        private final int maxSlot;
        /** The last encoded exemplar of each bucket; null when the registry samples no exemplars. */
        private final EncodedExemplar[] exemplarCache;

        HistogramSupportSource(HistogramSupport meter, Shape shape, int distribution, int maxSlot, boolean exemplars) {
            this.meter = meter;
            this.shape = shape;
            this.distribution = distribution;
            this.maxSlot = maxSlot;
            this.exemplarCache = exemplars && shape.upperBounds != null ? new EncodedExemplar[shape.upperBounds.length]
                    : null;
        }

        @Override
        public void read(ScrapeValues values) {
            HistogramSnapshot snapshot = meter.takeSnapshot();
            ValueAtPercentile[] percentiles = snapshot.percentileValues();
            CountAtBucket[] histogramCounts = snapshot.histogramCounts();
            long count = snapshot.count();
            double sum = snapshot.total(SECONDS);
            Distribution d = values.distributions[distribution];
            d.count = count;
            d.sum = sum;
            if (histogramCounts.length == 0) {
                quantiles(d, shape, percentiles, true);
            } else {
                buckets(d, shape, histogramCounts, count, true);
                if (exemplarCache != null) {
                    // Micrometer samples timers in nanoseconds and scales the exemplars to seconds.
                    d.bucketExemplars = bucketExemplars(MicrometerExemplars.ofTimer((Meter) meter), shape.upperBounds,
                            true, exemplarCache);
                }
            }
            values.scalars[maxSlot] = snapshot.max(SECONDS);
        }
    }

    /** {@code newDistributionSummary}: its own sequence of calls, no unit conversion. */
    static final class DistributionSummarySource implements Source {
        private final PrometheusDistributionSummary summary;
        private final Shape shape;
        private final int distribution;
        private final int maxSlot;
        private final EncodedExemplar[] exemplarCache;

        DistributionSummarySource(PrometheusDistributionSummary summary, Shape shape, int distribution, int maxSlot,
                boolean exemplars) {
            this.summary = summary;
            this.shape = shape;
            this.distribution = distribution;
            this.maxSlot = maxSlot;
            this.exemplarCache = exemplars && shape.upperBounds != null ? new EncodedExemplar[shape.upperBounds.length]
                    : null;
        }

        @Override
        public void read(ScrapeValues values) {
            ValueAtPercentile[] percentiles = summary.takeSnapshot().percentileValues();
            CountAtBucket[] histogramCounts = summary.histogramCounts();
            long count = summary.count();
            double sum = summary.totalAmount();
            Distribution d = values.distributions[distribution];
            d.count = count;
            d.sum = sum;
            if (histogramCounts.length == 0) {
                quantiles(d, shape, percentiles, false);
            } else {
                buckets(d, shape, histogramCounts, count, false);
                if (exemplarCache != null) {
                    d.bucketExemplars = bucketExemplars(MicrometerExemplars.ofSummary(summary), shape.upperBounds,
                            false, exemplarCache);
                }
            }
            values.scalars[maxSlot] = summary.max();
        }
    }

    private static void quantiles(Distribution d, Shape shape, ValueAtPercentile[] percentiles, boolean seconds) {
        double[] expected = shape.quantiles;
        if (expected == null || expected.length != percentiles.length) {
            throw new LayoutMismatch("quantiles changed");
        }
        double[] values = d.quantiles(expected.length);
        for (int j = 0; j < expected.length; j++) {
            ValueAtPercentile v = find(percentiles, j, expected[j]);
            values[j] = seconds ? v.value(SECONDS) : v.value();
        }
    }

    /** {@code Quantiles.of} may have reordered the percentiles; usually they are in order already. */
    private static ValueAtPercentile find(ValueAtPercentile[] percentiles, int j, double quantile) {
        if (Double.compare(percentiles[j].percentile(), quantile) == 0) {
            return percentiles[j];
        }
        ValueAtPercentile found = null;
        for (ValueAtPercentile v : percentiles) {
            if (Double.compare(v.percentile(), quantile) == 0) {
                if (found != null) {
                    throw new LayoutMismatch("duplicate quantile");
                }
                found = v;
            }
        }
        if (found == null) {
            throw new LayoutMismatch("quantiles changed");
        }
        return found;
    }

    /**
     * Micrometer's cumulative-to-non-cumulative conversion (double differences, {@code Number.longValue}), the
     * added {@code +Inf} bucket, then the client's validation and re-accumulation into longs.
     */
    private static void buckets(Distribution d, Shape shape, CountAtBucket[] histogramCounts, long count,
            boolean seconds) {
        double[] bounds = shape.upperBounds;
        int n = histogramCounts.length;
        boolean addInf = Double.isFinite(histogramCounts[n - 1].bucket());
        int size = addInf ? n + 1 : n;
        if (bounds == null || bounds.length != size) {
            throw new LayoutMismatch("buckets changed");
        }
        long[] cumulative = d.cumulative(size);
        long running = 0;
        for (int i = 0; i < n; i++) {
            double bound = seconds ? histogramCounts[i].bucket(SECONDS) : histogramCounts[i].bucket();
            if (Double.doubleToLongBits(bound) != Double.doubleToLongBits(bounds[i])) {
                throw new LayoutMismatch("buckets changed");
            }
            double diff = i == 0 ? histogramCounts[0].count()
                    : histogramCounts[i].count() - histogramCounts[i - 1].count();
            running = accumulate(running, (long) diff);
            cumulative[i] = running;
        }
        if (addInf) {
            if (bounds[n] != Double.POSITIVE_INFINITY) {
                throw new LayoutMismatch("buckets changed");
            }
            double infCount = count - histogramCounts[n - 1].count();
            running = accumulate(running, (long) (infCount >= 0 ? infCount : 0));
            cumulative[n] = running;
        }
    }

    private static long accumulate(long running, long bucketCount) {
        if (bucketCount < 0) {
            throw new IllegalArgumentException("Counts in ClassicHistogramBuckets cannot be negative.");
        }
        return running + bucketCount;
    }

    /**
     * The exemplar {@code OpenMetricsTextFormatWriter} writes on each bucket line, encoded: for bucket {@code i},
     * {@code Exemplars.get(upperBounds[i - 1], upperBounds[i])} (the first exemplar whose value falls in the bucket,
     * replaced by a later one of the list only when both have timestamps and the later one's is newer). Null when no
     * bucket has one.
     *
     * @param nanosToSeconds scale the values as Micrometer's collector scales timers' exemplars
     * @param cache the last encoded exemplar per bucket, reused while the exemplar is the same object; or null
     */
    static byte[][] bucketExemplars(Exemplars exemplars, double[] upperBounds, boolean nanosToSeconds,
            EncodedExemplar[] cache) {
        int size = exemplars.size();
        if (size == 0) {
            return null;
        }
        Exemplar[] chosen = null;
        double[] chosenValues = null;
        for (int k = 0; k < size; k++) {
            Exemplar exemplar = exemplars.get(k);
            double value = nanosToSeconds ? TimeUtils.convert(exemplar.getValue(), NANOSECONDS, SECONDS)
                    : exemplar.getValue();
            int bucket = bucketOf(upperBounds, value);
            if (bucket < 0) {
                continue;
            }
            if (chosen == null) {
                chosen = new Exemplar[upperBounds.length];
                chosenValues = new double[upperBounds.length];
            }
            Exemplar current = chosen[bucket];
            if (current == null || (current.hasTimestamp() && exemplar.hasTimestamp()
                    && exemplar.getTimestampMillis() > current.getTimestampMillis())) {
                chosen[bucket] = exemplar;
                chosenValues[bucket] = value;
            }
        }
        if (chosen == null) {
            return null;
        }
        byte[][] encoded = new byte[upperBounds.length][];
        for (int b = 0; b < chosen.length; b++) {
            if (chosen[b] != null) {
                encoded[b] = EncodedExemplar.encode(chosen[b], chosenValues[b], cache, b);
            }
        }
        return encoded;
    }

    /**
     * The bucket {@code (upperBounds[i - 1], upperBounds[i]]} (the first one: {@code (-Inf, upperBounds[0]]}) that
     * holds {@code value}, or -1 (NaN, -Inf, or above the last bound).
     */
    static int bucketOf(double[] upperBounds, double value) {
        int low = 0;
        int high = upperBounds.length - 1;
        int found = -1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            if (value <= upperBounds[mid]) {
                found = mid;
                high = mid - 1;
            } else {
                low = mid + 1;
            }
        }
        if (found < 0) {
            return -1;
        }
        double lower = found == 0 ? Double.NEGATIVE_INFINITY : upperBounds[found - 1];
        return value > lower ? found : -1;
    }

    /**
     * An exemplar and its encoded bytes. Immutable, so the last one of a bucket is shared between concurrent scrapes
     * without locking: an exemplar stays the same object until the sampler replaces it.
     */
    static final class EncodedExemplar {
        final Exemplar exemplar;
        final byte[] bytes;

        private EncodedExemplar(Exemplar exemplar, byte[] bytes) {
            this.exemplar = exemplar;
            this.bytes = bytes;
        }

        static byte[] encode(Exemplar exemplar, double value, EncodedExemplar[] cache, int index) {
            if (cache == null) {
                return TextSyntax.exemplar(exemplar, value);
            }
            EncodedExemplar last = cache[index];
            if (last != null && last.exemplar == exemplar) {
                return last.bytes;
            }
            byte[] bytes = TextSyntax.exemplar(exemplar, value);
            cache[index] = new EncodedExemplar(exemplar, bytes);
            return bytes;
        }
    }
}
