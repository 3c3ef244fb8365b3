package io.github.promexport.deployment.binder;

import java.util.Optional;

import io.github.promexport.deployment.DedicatedExporterTargetBuildItem;
import io.github.promexport.deployment.MetricsEndpointBuildItem;
import io.github.promexport.deployment.PrometheusEnabled;
import io.github.promexport.runtime.binder.http.HttpServerMetricsRecorder;
import io.quarkus.arc.deployment.BeanContainerBuildItem;
import io.quarkus.deployment.Capabilities;
import io.quarkus.deployment.Capability;
import io.quarkus.deployment.annotations.BuildStep;
import io.quarkus.deployment.annotations.BuildSteps;
import io.quarkus.deployment.annotations.ExecutionTime;
import io.quarkus.deployment.annotations.Overridable;
import io.quarkus.deployment.annotations.Record;
import io.quarkus.deployment.metrics.MetricsCapabilityBuildItem;
import io.quarkus.runtime.metrics.MetricsFactory;
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

    /**
     * Declares Micrometer metrics support, which is the condition under which Quarkus REST records the matched
     * resource template ({@code /hello/{name}}) in the request context for observability. Overridable, so that
     * when quarkus-micrometer is wrongly present too, its own item wins and the extension's conflict message is
     * what the user sees, not a duplicate-producer error.
     * <p>
     * Its path is where quarkus-kubernetes points Prometheus (annotations and ServiceMonitor). When the dedicated
     * exporter is configured it is withheld: the exporter is the scrape target then, and
     * {@code KubernetesManifestsProcessor} describes it.
     */
    @BuildStep
    @Overridable
    MetricsCapabilityBuildItem declareMicrometerMetrics(MetricsEndpointBuildItem endpoint,
            Optional<DedicatedExporterTargetBuildItem> exporter) {
        return exporter.isPresent() ? new MetricsCapabilityBuildItem(MetricsFactory.MICROMETER::equals)
                : new MetricsCapabilityBuildItem(MetricsFactory.MICROMETER::equals, endpoint.resolvedPath());
    }
}
