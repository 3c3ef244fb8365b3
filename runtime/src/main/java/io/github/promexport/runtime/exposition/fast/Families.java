package io.github.promexport.runtime.exposition.fast;

import io.github.promexport.runtime.exposition.fast.ScrapeValues.Distribution;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricMetadata;

/**
 * One metric family of the layout: its header in both formats and, per data point in the client's order, the
 * encoded name-and-labels prefix of every line. Writing mirrors the {@code write<Type>} methods of
 * {@code PrometheusTextFormatWriter} and {@code OpenMetricsTextFormatWriter}, including, in OpenMetrics, the
 * exemplars of counters and histogram buckets read with the scrape's values.
 */
final class Families {

    private static final byte NEWLINE = '\n';

    private Families() {
    }

    abstract static class Family {
        final String name;

        Family(MetricMetadata metadata) {
            this.name = TextSyntax.metadataName(metadata);
        }

        /** A family of the same name as one already encoded. */
        Family(Family of) {
            this.name = of.name;
        }

        abstract void write(ByteSink out, ScrapeValues values, boolean openMetrics);
    }

    /** Counters, gauges and info: one line per data point. */
    static final class ScalarFamily extends Family {
        private static final byte[] ONE = { '1' };

        private final FamilyType type;
        private final byte[] textHeader;
        private final byte[] openMetricsHeader;
        private final byte[][] prefixes;
        private final int[] slots;

        ScalarFamily(MetricMetadata metadata, FamilyType type, Labels[] labels, int[] slots) {
            super(metadata);
            this.type = type;
            this.slots = slots;
            String suffix;
            switch (type) {
                case COUNTER:
                    suffix = "_total";
                    textHeader = TextSyntax.textHeader(metadata, suffix, "counter");
                    openMetricsHeader = TextSyntax.openMetricsHeader(metadata, "counter");
                    break;
                case INFO:
                    suffix = "_info";
                    textHeader = TextSyntax.textHeader(metadata, suffix, "gauge");
                    openMetricsHeader = TextSyntax.openMetricsHeader(metadata, "info");
                    break;
                default:
                    suffix = "";
                    textHeader = TextSyntax.textHeader(metadata, suffix, "gauge");
                    openMetricsHeader = TextSyntax.openMetricsHeader(metadata, "gauge");
            }
            prefixes = new byte[labels.length][];
            for (int i = 0; i < labels.length; i++) {
                prefixes[i] = TextSyntax.linePrefix(name, suffix, labels[i], null, 0);
            }
        }

        /** The same family with other data points: their encoded prefixes and slots, in the client's order. */
        private ScalarFamily(ScalarFamily of, byte[][] prefixes, int[] slots) {
            super(of);
            this.type = of.type;
            this.textHeader = of.textHeader;
            this.openMetricsHeader = of.openMetricsHeader;
            this.prefixes = prefixes;
            this.slots = slots;
        }

        FamilyType type() {
            return type;
        }

        int size() {
            return prefixes.length;
        }

        /** The encoded prefix of data point {@code i}; not to be modified. */
        byte[] prefix(int i) {
            return prefixes[i];
        }

        /** The scalar slot of data point {@code i} ({@code -1} for info). */
        int slot(int i) {
            return slots[i];
        }

        /** The prefix the constructor encodes for a data point with {@code labels}. */
        byte[] linePrefix(Labels labels) {
            String suffix = type == FamilyType.COUNTER ? "_total" : type == FamilyType.INFO ? "_info" : "";
            return TextSyntax.linePrefix(name, suffix, labels, null, 0);
        }

        /** This family with other data points (same header), in the client's order; the arrays are kept. */
        ScalarFamily withPoints(byte[][] prefixes, int[] slots) {
            return new ScalarFamily(this, prefixes, slots);
        }

        @Override
        void write(ByteSink out, ScrapeValues values, boolean openMetrics) {
            out.write(openMetrics ? openMetricsHeader : textHeader);
            double[] scalars = values.scalars;
            // OpenMetrics writes the exemplars of counters (not of gauges, unless exemplars on all metric types are
            // asked for, which the fast exposition leaves to the client).
            byte[][] exemplars = openMetrics && type == FamilyType.COUNTER ? values.scalarExemplars : null;
            for (int i = 0; i < prefixes.length; i++) {
                out.write(prefixes[i]);
                if (type == FamilyType.INFO) {
                    out.write(ONE);
                } else {
                    out.writeDouble(scalars[slots[i]]);
                }
                if (exemplars != null && exemplars[slots[i]] != null) {
                    out.write(exemplars[slots[i]]);
                }
                out.write(NEWLINE);
            }
        }
    }

    /** Classic histograms, and the gauge histograms Micrometer makes of long task timers with buckets. */
    static final class HistogramFamily extends Family {
        private final boolean gaugeHistogram;
        private final byte[] textHeader;
        private final byte[] openMetricsHeader;
        private final byte[] gcountHeader;
        private final byte[] gsumHeader;
        private final byte[][][] bucketPrefixes;
        private final byte[][] countPrefixes;
        private final byte[][] sumPrefixes;
        private final int[] distributions;

        HistogramFamily(MetricMetadata metadata, boolean gaugeHistogram, Labels[] labels, double[][] upperBounds,
                int[] distributions) {
            super(metadata);
            this.gaugeHistogram = gaugeHistogram;
            this.distributions = distributions;
            textHeader = TextSyntax.textHeader(metadata, "", "histogram");
            openMetricsHeader = TextSyntax.openMetricsHeader(metadata, gaugeHistogram ? "gaugehistogram" : "histogram");
            gcountHeader = TextSyntax.textHeader(metadata, "_gcount", "gauge");
            gsumHeader = TextSyntax.textHeader(metadata, "_gsum", "gauge");
            String countSuffix = gaugeHistogram ? "_gcount" : "_count";
            String sumSuffix = gaugeHistogram ? "_gsum" : "_sum";
            bucketPrefixes = new byte[labels.length][][];
            countPrefixes = new byte[labels.length][];
            sumPrefixes = new byte[labels.length][];
            for (int i = 0; i < labels.length; i++) {
                bucketPrefixes[i] = new byte[upperBounds[i].length][];
                for (int b = 0; b < upperBounds[i].length; b++) {
                    bucketPrefixes[i][b] = TextSyntax.linePrefix(name, "_bucket", labels[i], "le", upperBounds[i][b]);
                }
                countPrefixes[i] = TextSyntax.linePrefix(name, countSuffix, labels[i], null, 0);
                sumPrefixes[i] = TextSyntax.linePrefix(name, sumSuffix, labels[i], null, 0);
            }
        }

        @Override
        void write(ByteSink out, ScrapeValues values, boolean openMetrics) {
            out.write(openMetrics ? openMetricsHeader : textHeader);
            for (int i = 0; i < distributions.length; i++) {
                Distribution d = values.distributions[distributions[i]];
                byte[][] buckets = bucketPrefixes[i];
                byte[][] exemplars = openMetrics ? d.bucketExemplars : null;
                for (int b = 0; b < buckets.length; b++) {
                    out.write(buckets[b]);
                    out.writeLong(d.cumulative[b]);
                    if (exemplars != null && exemplars[b] != null) {
                        out.write(exemplars[b]);
                    }
                    out.write(NEWLINE);
                }
                if (openMetrics) {
                    // In OpenMetrics, _count and _sum are either both present or both absent.
                    if (d.count >= 0 && !Double.isNaN(d.sum)) {
                        writeCount(out, i, d);
                        writeSum(out, i, d);
                    }
                } else if (!gaugeHistogram) {
                    if (d.count >= 0) {
                        writeCount(out, i, d);
                    }
                    if (!Double.isNaN(d.sum)) {
                        writeSum(out, i, d);
                    }
                }
            }
            if (gaugeHistogram && !openMetrics) {
                // The text format has no _gcount and _gsum: the client appends them as two gauges.
                boolean headerWritten = false;
                for (int i = 0; i < distributions.length; i++) {
                    Distribution d = values.distributions[distributions[i]];
                    if (d.count >= 0) {
                        if (!headerWritten) {
                            out.write(gcountHeader);
                            headerWritten = true;
                        }
                        writeCount(out, i, d);
                    }
                }
                headerWritten = false;
                for (int i = 0; i < distributions.length; i++) {
                    Distribution d = values.distributions[distributions[i]];
                    if (!Double.isNaN(d.sum)) {
                        if (!headerWritten) {
                            out.write(gsumHeader);
                            headerWritten = true;
                        }
                        writeSum(out, i, d);
                    }
                }
            }
        }

        private void writeCount(ByteSink out, int i, Distribution d) {
            out.write(countPrefixes[i]);
            out.writeLong(d.count);
            out.write(NEWLINE);
        }

        private void writeSum(ByteSink out, int i, Distribution d) {
            out.write(sumPrefixes[i]);
            out.writeDouble(d.sum);
            out.write(NEWLINE);
        }
    }

    /** Summaries: quantile lines, then _count and _sum, each only when present; the header only if a line is. */
    static final class SummaryFamily extends Family {
        private final byte[] textHeader;
        private final byte[] openMetricsHeader;
        private final byte[][][] quantilePrefixes;
        private final byte[][] countPrefixes;
        private final byte[][] sumPrefixes;
        private final int[] distributions;

        SummaryFamily(MetricMetadata metadata, Labels[] labels, double[][] quantiles, int[] distributions) {
            super(metadata);
            this.distributions = distributions;
            textHeader = TextSyntax.textHeader(metadata, "", "summary");
            openMetricsHeader = TextSyntax.openMetricsHeader(metadata, "summary");
            quantilePrefixes = new byte[labels.length][][];
            countPrefixes = new byte[labels.length][];
            sumPrefixes = new byte[labels.length][];
            for (int i = 0; i < labels.length; i++) {
                quantilePrefixes[i] = new byte[quantiles[i].length][];
                for (int q = 0; q < quantiles[i].length; q++) {
                    quantilePrefixes[i][q] = TextSyntax.linePrefix(name, "", labels[i], "quantile", quantiles[i][q]);
                }
                countPrefixes[i] = TextSyntax.linePrefix(name, "_count", labels[i], null, 0);
                sumPrefixes[i] = TextSyntax.linePrefix(name, "_sum", labels[i], null, 0);
            }
        }

        @Override
        void write(ByteSink out, ScrapeValues values, boolean openMetrics) {
            boolean headerWritten = false;
            for (int i = 0; i < distributions.length; i++) {
                Distribution d = values.distributions[distributions[i]];
                byte[][] quantiles = quantilePrefixes[i];
                boolean hasCount = d.count >= 0;
                boolean hasSum = !Double.isNaN(d.sum);
                if (quantiles.length == 0 && !hasCount && !hasSum) {
                    continue;
                }
                if (!headerWritten) {
                    out.write(openMetrics ? openMetricsHeader : textHeader);
                    headerWritten = true;
                }
                for (int q = 0; q < quantiles.length; q++) {
                    out.write(quantiles[q]);
                    out.writeDouble(d.quantiles[q]);
                    out.write(NEWLINE);
                }
                if (hasCount) {
                    out.write(countPrefixes[i]);
                    out.writeLong(d.count);
                    out.write(NEWLINE);
                }
                if (hasSum) {
                    out.write(sumPrefixes[i]);
                    out.writeDouble(d.sum);
                    out.write(NEWLINE);
                }
            }
        }
    }
}
