package io.github.promexport.runtime.devui;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.ConfigProvider;

import io.github.promexport.runtime.config.PrometheusExportConfig;
import io.github.promexport.runtime.scrape.LastScrape;
import io.github.promexport.runtime.scrape.ScrapeOutcomes;
import io.github.promexport.runtime.scrape.Scraper;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * The Dev UI card's JSON-RPC methods. Registered by the deployment's Dev UI processor in dev mode only: in a
 * production or test build this class is not a bean and no JSON-RPC method reaches it. Each method runs on a worker
 * thread when the page asks, never on a schedule.
 */
@Singleton
public class PrometheusDevUiService {

    @Inject
    PrometheusMeterRegistry registry;

    @Inject
    PrometheusExportConfig export;

    private volatile DevUiSources sources;

    /** What the build decided, handed over once at startup by {@code DevUiRecorder}. */
    record DevUiSources(Scraper scraper, String routePath, boolean management) {
    }

    void attach(DevUiSources sources) {
        this.sources = sources;
    }

    /** Where the metrics are served: the route's URL and the dedicated exporter, with why it is off in dev mode. */
    public MetricsEndpoints.Endpoints getEndpoints() {
        DevUiSources current = requireSources();
        return MetricsEndpoints.describe(current.routePath(), current.management(), export, ConfigProvider.getConfig());
    }

    /**
     * The metric families whose name matches {@code filter}, a regular expression ({@code ""} for all), most
     * series first, at most {@link MetricFamilies#MAX_FAMILIES}; a bad filter gives an answer whose {@code error}
     * says why. Reads the registry through the Prometheus client's snapshot, as a scrape does.
     */
    public MetricFamilies.FamilyList getFamilies(String filter) {
        return MetricFamilies.list(registry.getPrometheusRegistry().scrape(), filter);
    }

    /** The last scrape of each endpoint (duration, size, format, result); an endpoint not scraped yet has none. */
    public List<EndpointScrapes> getLastScrapes() {
        List<EndpointScrapes> result = new ArrayList<>();
        for (Map.Entry<String, ScrapeOutcomes> endpoint : requireSources().scraper().endpointOutcomes().entrySet()) {
            result.add(EndpointScrapes.of(endpoint.getKey(), endpoint.getValue()));
        }
        return result;
    }

    /**
     * One endpoint's scrapes.
     *
     * @param endpoint {@code route} or {@code exporter}
     * @param scrapes how many ran since startup
     * @param last the most recent, {@code null} before the first
     */
    public record EndpointScrapes(String endpoint, long scrapes, LastScrapeView last) {

        static EndpointScrapes of(String endpoint, ScrapeOutcomes outcomes) {
            LastScrape last = outcomes.last();
            return new EndpointScrapes(endpoint, outcomes.scrapeCount(), last == null ? null
                    : new LastScrapeView(last.finishedAtMillis(), last.durationNanos() / 1_000_000.0, last.bytes(),
                            last.contentType(), last.gzip(), last.result().label()));
        }
    }

    /**
     * The last scrape as the page shows it.
     *
     * @param finishedAtMillis epoch milliseconds
     * @param durationMillis fractional milliseconds
     * @param bytes exposition bytes before gzip
     * @param contentType negotiated content type
     * @param gzip whether it went gzip-compressed
     * @param result ok, client_gone or failed
     */
    public record LastScrapeView(long finishedAtMillis, double durationMillis, long bytes, String contentType, boolean gzip,
            String result) {
    }

    private DevUiSources requireSources() {
        DevUiSources current = sources;
        if (current == null) {
            throw new IllegalStateException("The Prometheus Export Dev UI service has not been started");
        }
        return current;
    }
}
