package io.github.promexport.runtime.binder.http;

import java.util.List;
import java.util.Optional;

import io.quarkus.runtime.annotations.ConfigPhase;
import io.quarkus.runtime.annotations.ConfigRoot;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * How HTTP server requests are labelled. Read at startup; the binder itself is switched by
 * {@code quarkus.prometheus.binder.http-server.enabled} at build time.
 */
@ConfigMapping(prefix = "quarkus.prometheus.binder.http-server")
@ConfigRoot(phase = ConfigPhase.RUN_TIME)
public interface HttpServerMetricsConfig {

    /**
     * The most distinct `uri` label values that HTTP server meters may carry. Once reached, requests with a new
     * `uri` value are no longer recorded and a single WARN names this key. Templates (`/hello/{name}`), not
     * raw paths, are the values, so the default is ample unless `match-patterns` produce many values.
     * Example: `quarkus.prometheus.binder.http-server.max-uri-tags=200`.
     */
    @WithDefault("100")
    int maxUriTags();

    /**
     * Whether request and response body sizes are recorded, as the `http_server_request_size_bytes` and
     * `http_server_response_size_bytes` summaries (unit: bytes; same labels as `http_server_requests_seconds`).
     * Off by default: they cost two more recordings on every request and few dashboards use them. Histogram
     * and SLO settings of `quarkus.prometheus.distribution.*` apply to them by their meter names
     * (`http.server.request.size`, `http.server.response.size`). Example:
     * `quarkus.prometheus.binder.http-server.body-sizes=true`.
     */
    @WithDefault("false")
    boolean bodySizes();

    /**
     * Renames request URIs in the `uri` label, as a comma-separated list of `regex=replacement` entries, tried
     * in order; the first whole match wins and its replacement (which may use groups: `$1`) becomes the label.
     * Each regex is matched against the route template when there is one (`/hello/{name}`), otherwise
     * against the request path without query string. The last `=` separates the regex from the replacement; a
     * comma inside a regex must be escaped (`\\,`). Example:
     * `quarkus.prometheus.binder.http-server.match-patterns=/static/.*=/static,/item/[0-9]+=/item/{id}`.
     *
     * Regexes are evaluated on every measured request, so only configure the ones you need.
     */
    Optional<List<String>> matchPatterns();

    /**
     * Requests whose path (without query string) fully matches one of these regexes are not measured at all.
     * Example: `quarkus.prometheus.binder.http-server.ignore-patterns=/health.*,/favicon.ico`.
     */
    Optional<List<String>> ignorePatterns();

    /**
     * Whether requests to the metrics route and to the other non-application endpoints (those under
     * `quarkus.http.non-application-root-path`, `/q/` by default: health, OpenAPI, Dev UI) are measured. By
     * default they are not, so that scrapes and probes do not drown the application's own traffic.
     */
    @WithDefault("false")
    boolean includeNonApplicationEndpoints();
}
