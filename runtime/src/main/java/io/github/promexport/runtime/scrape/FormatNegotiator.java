package io.github.promexport.runtime.scrape;

import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;

import io.github.promexport.runtime.exposition.ExpositionFormat;
import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.ExpositionFormats;

/**
 * Picks the exposition format from an {@code Accept} header the way Prometheus servers expect.
 * <p>
 * Unlike the client library's {@code ExpositionFormats.findWriter}, which looks for substrings, this honours
 * quality values: {@code text/plain;q=1, application/openmetrics-text;q=0.1} gives text. Among equal
 * qualities the media range listed first wins. Protobuf is chosen only for
 * {@code application/vnd.google.protobuf} with {@code proto=io.prometheus.client.MetricFamily}. A header
 * naming nothing we can write, or no header, gives the Prometheus text format 0.0.4: scrapers prefer a
 * readable answer to a 406.
 * <p>
 * A malformed header ({@code ;}, {@code ,,,}, {@code text/plain;q=}, any bytes at all) is never an error: what
 * cannot be read gives text, like a header naming nothing we can write.
 * <p>
 * Scrapers send the same header on every scrape, so results are cached per header: a bounded number of short
 * headers, since the header comes from the network.
 */
public final class FormatNegotiator {

    private static final int CACHE_LIMIT = 64;
    /** Real scrapers send well under 300 characters; longer headers are negotiated but not kept. */
    private static final int CACHED_HEADER_LIMIT = 512;

    private final ExpositionFormatWriter text;
    private final ExpositionFormatWriter openMetrics;
    private final ExpositionFormatWriter protobuf;
    private final ExpositionFormat defaultFormat;
    private final ConcurrentHashMap<String, ExpositionFormat> cache = new ConcurrentHashMap<>();

    public FormatNegotiator(ExpositionFormats formats) {
        this.text = formats.getPrometheusTextFormatWriter();
        this.openMetrics = formats.getOpenMetricsTextFormatWriter();
        this.protobuf = formats.getPrometheusProtobufWriter().isAvailable() ? formats.getPrometheusProtobufWriter()
                : null;
        this.defaultFormat = new ExpositionFormat(text, EscapingScheme.DEFAULT);
    }

    public ExpositionFormat negotiate(String accept) {
        if (accept == null || accept.isBlank()) {
            return defaultFormat;
        }
        ExpositionFormat cached = cache.get(accept);
        if (cached != null) {
            return cached;
        }
        ExpositionFormat format = new ExpositionFormat(pickWriter(accept), escapingScheme(accept));
        if (cache.size() < CACHE_LIMIT && accept.length() <= CACHED_HEADER_LIMIT) {
            cache.putIfAbsent(accept, format);
        }
        return format;
    }

    private ExpositionFormatWriter pickWriter(String accept) {
        ExpositionFormatWriter best = null;
        double bestQuality = 0;
        for (String range : accept.split(",")) {
            // A limit of -1 keeps empty parts, so ";" gives two empty parts rather than none.
            String[] parts = range.split(";", -1);
            String mediaType = parts[0].trim().toLowerCase(Locale.ROOT);
            double quality = 1;
            String proto = null;
            for (int i = 1; i < parts.length; i++) {
                String param = parts[i].trim();
                int eq = param.indexOf('=');
                if (eq <= 0) {
                    continue;
                }
                String name = param.substring(0, eq).trim().toLowerCase(Locale.ROOT);
                String value = unquote(param.substring(eq + 1).trim());
                if (name.equals("q")) {
                    quality = parseQuality(value);
                } else if (name.equals("proto")) {
                    proto = value;
                }
            }
            ExpositionFormatWriter candidate = writerFor(mediaType, proto);
            if (candidate != null && quality > bestQuality) {
                best = candidate;
                bestQuality = quality;
            }
        }
        return best != null ? best : text;
    }

    /**
     * The client library's parser of the {@code escaping} parameter; a value it does not know gives the default
     * instead of failing the scrape.
     */
    private static EscapingScheme escapingScheme(String accept) {
        try {
            return EscapingScheme.fromAcceptHeader(accept);
        } catch (RuntimeException e) {
            return EscapingScheme.DEFAULT;
        }
    }

    private ExpositionFormatWriter writerFor(String mediaType, String proto) {
        switch (mediaType) {
            case "application/openmetrics-text":
                return openMetrics;
            case "application/vnd.google.protobuf":
                return "io.prometheus.client.MetricFamily".equals(proto) ? protobuf : null;
            case "text/plain":
            case "text/*":
            case "*/*":
                return text;
            default:
                return null;
        }
    }

    private static String unquote(String value) {
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            return value.substring(1, value.length() - 1);
        }
        return value;
    }

    private static double parseQuality(String value) {
        try {
            double q = Double.parseDouble(value);
            return q >= 0 && q <= 1 ? q : 0;
        } catch (NumberFormatException e) {
            // RFC 9110: an invalid weight makes the range unusable, not the whole header.
            return 0;
        }
    }
}
