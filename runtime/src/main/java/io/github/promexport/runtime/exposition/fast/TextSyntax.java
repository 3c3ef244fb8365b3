package io.github.promexport.runtime.exposition.fast;

import java.nio.charset.StandardCharsets;

import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.model.snapshots.Exemplar;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricMetadata;
import io.prometheus.metrics.model.snapshots.PrometheusNaming;
import io.prometheus.metrics.model.snapshots.SnapshotEscaper;

/**
 * The parts of a text exposition that do not change between scrapes, encoded once per layout. Each method mirrors
 * the Prometheus client 1.4.3 code named in its javadoc character for character (with the default underscore
 * escaping, under which {@code SnapshotEscaper} leaves snapshots as they are); the equality tests prove it.
 */
final class TextSyntax {

    private static final EscapingScheme SCHEME = EscapingScheme.DEFAULT;

    private TextSyntax() {
    }

    static String metadataName(MetricMetadata metadata) {
        return SnapshotEscaper.getMetadataName(metadata, SCHEME);
    }

    /** {@code PrometheusTextFormatWriter.writeMetadata}. */
    static byte[] textHeader(MetricMetadata metadata, String suffix, String type) {
        StringBuilder sb = new StringBuilder();
        String name = metadataName(metadata) + suffix;
        String help = metadata.getHelp();
        if (help != null && !help.isEmpty()) {
            sb.append("# HELP ");
            appendName(sb, name, false);
            sb.append(' ');
            for (int i = 0; i < help.length(); i++) {
                char c = help.charAt(i);
                switch (c) {
                    case '\\':
                        sb.append("\\\\");
                        break;
                    case '\n':
                        sb.append("\\n");
                        break;
                    default:
                        sb.append(c);
                }
            }
            sb.append('\n');
        }
        sb.append("# TYPE ");
        appendName(sb, name, false);
        sb.append(' ').append(type).append('\n');
        return utf8(sb);
    }

    /** {@code OpenMetricsTextFormatWriter.writeMetadata}. */
    static byte[] openMetricsHeader(MetricMetadata metadata, String type) {
        StringBuilder sb = new StringBuilder();
        String name = metadataName(metadata);
        sb.append("# TYPE ");
        appendName(sb, name, false);
        sb.append(' ').append(type).append('\n');
        if (metadata.getUnit() != null) {
            sb.append("# UNIT ");
            appendName(sb, name, false);
            sb.append(' ');
            appendEscaped(sb, metadata.getUnit().toString());
            sb.append('\n');
        }
        String help = metadata.getHelp();
        if (help != null && !help.isEmpty()) {
            sb.append("# HELP ");
            appendName(sb, name, false);
            sb.append(' ');
            appendEscaped(sb, help);
            sb.append('\n');
        }
        return utf8(sb);
    }

    /**
     * {@code writeNameAndLabels} (identical in both writers), including the trailing space before the value.
     * {@code extraLabel} is {@code le} or {@code quantile}, or {@code null}.
     */
    static byte[] linePrefix(String name, String suffix, Labels labels, String extraLabel, double extraValue) {
        StringBuilder sb = new StringBuilder();
        boolean metricInsideBraces = false;
        if (!PrometheusNaming.isValidLegacyMetricName(name)) {
            metricInsideBraces = true;
            sb.append('{');
        }
        appendName(sb, name + suffix, false);
        // labels.size() rather than the client's labels.isEmpty(), which compares with Labels.EMPTY: the same
        // answer, without a comparison per data point when a layout is built.
        boolean hasLabels = labels.size() > 0;
        if (hasLabels || extraLabel != null) {
            if (!metricInsideBraces) {
                sb.append('{');
            }
            for (int i = 0; i < labels.size(); i++) {
                if (i > 0 || metricInsideBraces) {
                    sb.append(',');
                }
                appendName(sb, SnapshotEscaper.getSnapshotLabelName(labels, i, SCHEME), true);
                sb.append("=\"");
                appendEscaped(sb, labels.getValue(i));
                sb.append('"');
            }
            if (extraLabel != null) {
                if (hasLabels || metricInsideBraces) {
                    sb.append(',');
                }
                sb.append(extraLabel).append("=\"");
                appendDouble(sb, extraValue);
                sb.append('"');
            }
            sb.append('}');
        } else if (metricInsideBraces) {
            sb.append('}');
        }
        sb.append(' ');
        return utf8(sb);
    }

    /**
     * The exemplar part of {@code OpenMetricsTextFormatWriter.writeScrapeTimestampAndExemplar}, without the line's
     * newline: {@code # {labels} value timestamp}. {@code value} is the exemplar's value as the client's snapshot
     * holds it (Micrometer scales timers' exemplars to seconds).
     */
    static byte[] exemplar(Exemplar exemplar, double value) {
        StringBuilder sb = new StringBuilder(96);
        sb.append(" # {");
        Labels labels = exemplar.getLabels();
        for (int i = 0; i < labels.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            appendName(sb, SnapshotEscaper.getSnapshotLabelName(labels, i, SCHEME), true);
            sb.append("=\"");
            appendEscaped(sb, labels.getValue(i));
            sb.append('"');
        }
        sb.append("} ");
        appendDouble(sb, value);
        if (exemplar.hasTimestamp()) {
            sb.append(' ');
            appendOpenMetricsTimestamp(sb, exemplar.getTimestampMillis());
        }
        return utf8(sb);
    }

    /** {@code TextFormatUtil.writeOpenMetricsTimestamp}: seconds with three decimals, as the client pads them. */
    private static void appendOpenMetricsTimestamp(StringBuilder sb, long timestampMs) {
        sb.append(timestampMs / 1000L).append('.');
        long ms = timestampMs % 1000;
        if (ms < 100) {
            sb.append('0');
        }
        if (ms < 10) {
            sb.append('0');
        }
        sb.append(ms);
    }

    /** {@code TextFormatUtil.writeName}. */
    private static void appendName(StringBuilder sb, String name, boolean label) {
        boolean legacy = label ? PrometheusNaming.isValidLegacyLabelName(name)
                : PrometheusNaming.isValidLegacyMetricName(name);
        if (legacy) {
            sb.append(name);
        } else {
            sb.append('"');
            appendEscaped(sb, name);
            sb.append('"');
        }
    }

    /** {@code TextFormatUtil.writeEscapedString}. */
    private static void appendEscaped(StringBuilder sb, String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\':
                    sb.append("\\\\");
                    break;
                case '"':
                    sb.append("\\\"");
                    break;
                case '\n':
                    sb.append("\\n");
                    break;
                default:
                    sb.append(c);
            }
        }
    }

    /** {@code TextFormatUtil.writeDouble}. */
    private static void appendDouble(StringBuilder sb, double d) {
        if (d == Double.POSITIVE_INFINITY) {
            sb.append("+Inf");
        } else if (d == Double.NEGATIVE_INFINITY) {
            sb.append("-Inf");
        } else {
            sb.append(Double.toString(d));
        }
    }

    /** As the writers' {@code OutputStreamWriter}: UTF-8, unpaired surrogates become {@code ?}. */
    private static byte[] utf8(StringBuilder sb) {
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }
}
