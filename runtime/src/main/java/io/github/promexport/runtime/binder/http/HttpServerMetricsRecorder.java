package io.github.promexport.runtime.binder.http;

import java.util.List;
import java.util.function.Consumer;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.arc.Arc;
import io.quarkus.runtime.RuntimeValue;
import io.quarkus.runtime.annotations.Recorder;
import io.vertx.core.Handler;
import io.vertx.core.VertxOptions;
import io.vertx.ext.web.RoutingContext;

@Recorder
public class HttpServerMetricsRecorder {

    private final RuntimeValue<HttpServerMetricsConfig> config;

    public HttpServerMetricsRecorder(RuntimeValue<HttpServerMetricsConfig> config) {
        this.config = config;
    }

    /** Installs {@link ExchangeEnds} as the application's Vert.x metrics, so that the filter needs no end handler. */
    public Consumer<VertxOptions> reportExchangeEnds() {
        return options -> options.setMetricsOptions(new ExchangeEnds());
    }

    /**
     * @param nonApplicationPrefix {@code /q/} (resolved), or null when non-application endpoints share the
     *        application's root
     * @param metricsPath the metrics route's path on the main server, or null when it is served elsewhere
     * @param traced quarkus-opentelemetry traces requests: the timer records in the request's trace context
     */
    public Handler<RoutingContext> filter(String nonApplicationPrefix, String metricsPath, boolean traced) {
        HttpServerMetricsConfig settings = config.getValue();
        boolean skipOwnEndpoints = !settings.includeNonApplicationEndpoints();
        MeasuredRequests measured = new MeasuredRequests(skipOwnEndpoints ? nonApplicationPrefix : null,
                skipOwnEndpoints ? metricsPath : null, settings.ignorePatterns().orElse(List.of()));
        UriLabels uris = new UriLabels(settings.matchPatterns().orElse(List.of()));
        MeterRegistry registry = Arc.container().instance(MeterRegistry.class).get();
        return new HttpServerMetricsHandler(measured, uris, new HttpServerMeters(registry, settings.maxUriTags(),
                settings.bodySizes()), traced ? new OpenTelemetryRequestTracing() : null);
    }
}
