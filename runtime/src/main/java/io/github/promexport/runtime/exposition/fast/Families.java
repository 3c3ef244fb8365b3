package io.github.promexport.runtime.exposition.fast;

import java.util.Arrays;
import java.util.function.IntFunction;

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

    /**
     * The name-and-labels prefixes of a family's lines, packed: the part every line shares (the name and the opening
     * brace) once, and the rest of every line in one array. A layout holds one per data point of the largest
     * families, so the array and header per line this saves are most of a layout's size per series.
     */
    static final class Prefixes {
        private final byte[] head;
        private final byte[] tails;
        /** Where each line's tail ends in {@link #tails}; it starts where the previous one ends. */
        private final int[] ends;

        private Prefixes(byte[] head, byte[] tails, int[] ends) {
            this.head = head;
            this.tails = tails;
            this.ends = ends;
        }

        /**
         * The {@code count} prefixes {@code line} encodes, packed as they come, so that no array per line outlives
         * its encoding. The head is the first line's bytes up to and including its first brace; should a line not
         * start with them (never with Micrometer's names, whose lines all start with the name and a brace), the lines
         * are encoded again without a head.
         */
        static Prefixes of(int count, IntFunction<byte[]> line) {
            byte[] first = count > 1 ? line.apply(0) : null;
            byte[] head = first == null ? new byte[0] : headOf(first);
            Prefixes packed = pack(count, line, head, first);
            return packed != null ? packed : pack(count, line, new byte[0], null);
        }

        private static byte[] headOf(byte[] first) {
            for (int i = 0; i < first.length; i++) {
                if (first[i] == '{') {
                    return Arrays.copyOf(first, i + 1);
                }
            }
            return new byte[0];
        }

        /** Null when a line does not start with {@code head}. */
        private static Prefixes pack(int count, IntFunction<byte[]> line, byte[] head, byte[] first) {
            int[] ends = new int[count];
            byte[] tails = new byte[Math.max(16, count * 32)];
            int size = 0;
            for (int i = 0; i < count; i++) {
                byte[] bytes = i == 0 && first != null ? first : line.apply(i);
                if (!Arrays.equals(head, 0, head.length, bytes, 0, Math.min(head.length, bytes.length))) {
                    return null;
                }
                int length = bytes.length - head.length;
                if (size + length > tails.length) {
                    tails = Arrays.copyOf(tails, Math.max(tails.length * 2, size + length));
                }
                System.arraycopy(bytes, head.length, tails, size, length);
                size += length;
                ends[i] = size;
            }
            return new Prefixes(head, Arrays.copyOf(tails, size), ends);
        }

        int size() {
            return ends.length;
        }

        /** Line {@code i}'s whole prefix, head included, as a new array. */
        byte[] line(int i) {
            int start = i == 0 ? 0 : ends[i - 1];
            byte[] bytes = Arrays.copyOf(head, head.length + ends[i] - start);
            System.arraycopy(tails, start, bytes, head.length, ends[i] - start);
            return bytes;
        }

        /**
         * Other lines from these: line {@code k} is this one's line {@code from[k]} or, where {@code from[k]} is
         * negative, {@code added[-1 - from[k]]}. Kept lines are copied tail to tail, without an array each.
         */
        Prefixes patched(int[] from, byte[][] added) {
            for (byte[] line : added) {
                if (line.length < head.length || !Arrays.equals(head, 0, head.length, line, 0, head.length)) {
                    return of(from.length, k -> from[k] >= 0 ? line(from[k]) : added[-1 - from[k]]);
                }
            }
            int size = 0;
            for (int k = 0; k < from.length; k++) {
                int i = from[k];
                size += i >= 0 ? ends[i] - (i == 0 ? 0 : ends[i - 1]) : added[-1 - i].length - head.length;
            }
            byte[] newTails = new byte[size];
            int[] newEnds = new int[from.length];
            int at = 0;
            for (int k = 0; k < from.length; k++) {
                int i = from[k];
                if (i >= 0) {
                    int start = i == 0 ? 0 : ends[i - 1];
                    System.arraycopy(tails, start, newTails, at, ends[i] - start);
                    at += ends[i] - start;
                } else {
                    byte[] line = added[-1 - i];
                    System.arraycopy(line, head.length, newTails, at, line.length - head.length);
                    at += line.length - head.length;
                }
                newEnds[k] = at;
            }
            return new Prefixes(head, newTails, newEnds);
        }

        void write(ByteSink out, int line) {
            if (head.length > 0) {
                out.write(head);
            }
            int start = line == 0 ? 0 : ends[line - 1];
            out.write(tails, start, ends[line] - start);
        }
    }

    /** Counters, gauges and info: one line per data point. */
    static final class ScalarFamily extends Family {
        private static final byte[] ONE = { '1' };

        private final FamilyType type;
        private final byte[] textHeader;
        private final byte[] openMetricsHeader;
        private final Prefixes prefixes;
        private final int[] slots;

        ScalarFamily(MetricMetadata metadata, FamilyType type, Labels[] labels, int[] slots) {
            super(metadata);
            this.type = type;
            this.slots = slots;
            textHeader = TextSyntax.textHeader(metadata, lineSuffix(type), type == FamilyType.COUNTER ? "counter" : "gauge");
            openMetricsHeader = TextSyntax.openMetricsHeader(metadata,
                    type == FamilyType.COUNTER ? "counter" : type == FamilyType.INFO ? "info" : "gauge");
            prefixes = Prefixes.of(labels.length, i -> linePrefix(labels[i]));
        }

        /** The same family with other data points: their encoded prefixes and slots, in the client's order. */
        private ScalarFamily(ScalarFamily of, Prefixes prefixes, int[] slots) {
            super(of);
            this.type = of.type;
            this.textHeader = of.textHeader;
            this.openMetricsHeader = of.openMetricsHeader;
            this.prefixes = prefixes;
            this.slots = slots;
        }

        /** What the client appends to a scalar family's name on each line: {@code _total}, {@code _info} or nothing. */
        private static String lineSuffix(FamilyType type) {
            return type == FamilyType.COUNTER ? "_total" : type == FamilyType.INFO ? "_info" : "";
        }

        FamilyType type() {
            return type;
        }

        int size() {
            return prefixes.size();
        }

        /** The encoded prefix of data point {@code i}, as a new array. */
        byte[] prefix(int i) {
            return prefixes.line(i);
        }

        /** The scalar slot of data point {@code i} ({@code -1} for info). */
        int slot(int i) {
            return slots[i];
        }

        /** The prefix the constructor encodes for a data point with {@code labels}. */
        byte[] linePrefix(Labels labels) {
            return TextSyntax.linePrefix(name, lineSuffix(type), labels, null, 0);
        }

        /**
         * This family with other data points (same header), in the client's order: point {@code k} is this family's
         * point {@code from[k]} or, where that is negative, the one whose prefix is {@code added[-1 - from[k]]}.
         */
        ScalarFamily withPoints(int[] from, byte[][] added, int[] slots) {
            return new ScalarFamily(this, prefixes.patched(from, added), slots);
        }

        @Override
        void write(ByteSink out, ScrapeValues values, boolean openMetrics) {
            out.write(openMetrics ? openMetricsHeader : textHeader);
            double[] scalars = values.scalars;
            // OpenMetrics writes the exemplars of counters (not of gauges, unless exemplars on all metric types are
            // asked for, which the fast exposition leaves to the client).
            byte[][] exemplars = openMetrics && type == FamilyType.COUNTER ? values.scalarExemplars : null;
            for (int i = 0; i < slots.length; i++) {
                prefixes.write(out, i);
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
