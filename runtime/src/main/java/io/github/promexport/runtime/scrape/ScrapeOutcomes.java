package io.github.promexport.runtime.scrape;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The exporter's own metrics for one endpoint, so that operators can alert on the exporter itself:
 * {@code prometheus_export_scrapes_total{endpoint,result}} and the summary
 * {@code prometheus_export_scrape_duration_seconds{endpoint}}, in the application's registry.
 * <p>
 * The {@link Scraper} records {@code ok}, {@code client_gone} and {@code failed}; a transport records what it
 * answers without scraping: {@link #rejected()} (a full scrape queue, 503) and {@link #unauthorized()} (401).
 * Every result's series exists from the start at 0, so that {@code increase()} sees the first failure.
 * Micrometer counters and timers are thread-safe: one instance serves every scrape thread of its endpoint.
 */
public final class ScrapeOutcomes {

    /** The metrics route, on the main HTTP server or the management interface. */
    public static final String ROUTE = "route";
    /** The dedicated exporter's own port. */
    public static final String EXPORTER = "exporter";

    static final String SCRAPES = "prometheus.export.scrapes";
    static final String DURATION = "prometheus.export.scrape.duration";

    /** The {@code result} label's values. */
    public enum Result {
        /** The whole response was sent. */
        OK,
        /** The scraper closed the connection before the response was complete. */
        CLIENT_GONE,
        /** The metrics could not be produced or sent: a 503, or a reset once the response had started. */
        FAILED,
        /** The scrape queue was full: a 503 with {@code Retry-After}, no scrape. */
        REJECTED,
        /** Missing or wrong credentials: a 401, no scrape. */
        UNAUTHORIZED;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private static final ScrapeOutcomes NONE = new ScrapeOutcomes(null, null, null);

    private final String endpoint;
    private final Map<Result, Counter> scrapes;
    private final Timer duration;
    /** Replaced by each scrape thread, read by the Dev UI: one volatile write per scrape, no lock. */
    private volatile LastScrape last;

    private ScrapeOutcomes(String endpoint, Map<Result, Counter> scrapes, Timer duration) {
        this.endpoint = endpoint;
        this.scrapes = scrapes;
        this.duration = duration;
    }

    /** Registers (or finds, when already registered) the metrics of {@code endpoint} in {@code registry}. */
    public static ScrapeOutcomes register(MeterRegistry registry, String endpoint) {
        Map<Result, Counter> scrapes = new EnumMap<>(Result.class);
        for (Result result : Result.values()) {
            scrapes.put(result, Counter.builder(SCRAPES)
                    .description("Scrapes answered by the Prometheus exporter, by endpoint and result (ok, client_gone,"
                            + " failed, rejected, unauthorized)")
                    .tag("endpoint", endpoint).tag("result", result.label())
                    .register(registry));
        }
        Timer duration = Timer.builder(DURATION)
                .description(
                        "Time a scrape takes, from a scrape thread starting it to its last byte or its failure, by endpoint")
                .tag("endpoint", endpoint)
                .register(registry);
        return new ScrapeOutcomes(endpoint, scrapes, duration);
    }

    /** Records nothing: for tests and for a scraper not bound to an endpoint. */
    public static ScrapeOutcomes none() {
        return NONE;
    }

    /**
     * A scrape that ran: counted, timed, and kept as the endpoint's {@link #last() last scrape}.
     *
     * @param bytes the exposition bytes written, before gzip
     * @param contentType the negotiated content type, {@code null} when negotiation failed
     */
    void scraped(Result result, long nanos, long bytes, String contentType, boolean gzip) {
        if (scrapes != null) {
            scrapes.get(result).increment();
            duration.record(nanos, TimeUnit.NANOSECONDS);
            last = new LastScrape(endpoint, System.currentTimeMillis(), nanos, bytes, contentType, gzip, result);
        }
    }

    /** The most recent scrape that ran on this endpoint, or {@code null} before the first one. */
    public LastScrape last() {
        return last;
    }

    /** How many scrapes ran on this endpoint (every result but rejected and unauthorized, which do not scrape). */
    public long scrapeCount() {
        return duration == null ? 0 : duration.count();
    }

    /** The transport answered 503 because the scrape queue was full. */
    public void rejected() {
        if (scrapes != null) {
            scrapes.get(Result.REJECTED).increment();
        }
    }

    /** The transport answered 401: missing or wrong credentials. */
    public void unauthorized() {
        if (scrapes != null) {
            scrapes.get(Result.UNAUTHORIZED).increment();
        }
    }
}
