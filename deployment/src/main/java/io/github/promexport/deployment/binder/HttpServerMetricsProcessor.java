package io.github.promexport.deployment.binder;

import java.util.function.BooleanSupplier;

import io.github.promexport.deployment.MetricsEndpointBuildItem;
import io.github.promexport.deployment.PrometheusEnabled;
import io.github.promexport.runtime.binder.http.HttpServerMetricsRecorder;
import io.quarkus.arc.deployment.BeanContainerBuildItem;
import io.quarkus.deployment.Capabilities;
import io.quarkus.deployment.Capability;
import io.quarkus.deployment.annotations.BuildStep;
import io.quarkus.deployment.annotations.BuildSteps;
import io.quarkus.deployment.annotations.ExecutionTime;
import io.quarkus.deployment.annotations.Record;
import io.quarkus.vertx.core.deployment.VertxOptionsConsumerBuildItem;
import io.quarkus.vertx.http.deployment.FilterBuildItem;
import io.quarkus.vertx.http.deployment.NonApplicationRootPathBuildItem;

/**
 * HTTP server metrics: a route filter on the main router, installed only when
 * {@code quarkus.prometheus.binder.http-server.enabled} is true, so that a disabled binder costs nothing.
 */
@BuildSteps(onlyIf = { PrometheusEnabled.class, BinderSwitch.HttpServer.class })
class HttpServerMetricsProcessor {

    /**
     * Above CORS (300) and authentication (200), so that rejected and unauthenticated requests are measured
     * too and the timer covers the whole request.
     */
    static final int FILTER_PRIORITY = 1_000;

    /** quarkus-micrometer's Vert.x binder installs its Vert.x metrics with this priority. */
    static final int VERTX_METRICS_PRIORITY = 3_000;

    /**
     * Vert.x's metrics SPI tells the filter when each exchange ends (cheaper than an end handler per request). Not
     * while quarkus-micrometer's Vert.x binder is on: a Vert.x instance has one metrics SPI and that binder's
     * {@code quarkus.micrometer.binder.vertx.*} meters need it; the filter falls back to end handlers then.
     */
    @BuildStep(onlyIfNot = QuarkusMicrometerVertxBinder.class)
    @Record(ExecutionTime.STATIC_INIT)
    VertxOptionsConsumerBuildItem reportExchangeEnds(HttpServerMetricsRecorder recorder) {
        return new VertxOptionsConsumerBuildItem(recorder.reportExchangeEnds(), VERTX_METRICS_PRIORITY);
    }

    @BuildStep
    @Record(ExecutionTime.RUNTIME_INIT)
    FilterBuildItem measureHttpRequests(HttpServerMetricsRecorder recorder, NonApplicationRootPathBuildItem paths,
            MetricsEndpointBuildItem endpoint, BeanContainerBuildItem beanContainer, Capabilities capabilities) {
        String nonApplicationRoot = paths.getNonApplicationRootPath();
        boolean separateNonApplicationRoot = paths.isAttachedToMainRouter()
                && !nonApplicationRoot.equals(paths.getNormalizedHttpRootPath());
        String nonApplicationPrefix = separateNonApplicationRoot
                ? (nonApplicationRoot.endsWith("/") ? nonApplicationRoot : nonApplicationRoot + "/")
                : null;
        String metricsPath = endpoint.management() ? null : endpoint.resolvedPath();
        // With quarkus-opentelemetry tracing requests, the timer records in the request's trace context (exemplars).
        boolean traced = capabilities.isPresent(Capability.OPENTELEMETRY_TRACER);
        return new FilterBuildItem(recorder.filter(nonApplicationPrefix, metricsPath, traced), FILTER_PRIORITY);
    }

    /** quarkus-micrometer's Vert.x binder is on: it owns the Vert.x instance's metrics SPI. */
    static final class QuarkusMicrometerVertxBinder implements BooleanSupplier {
        @Override
        public boolean getAsBoolean() {
            return QuarkusMicrometerBinders.vertx();
        }
    }
}
