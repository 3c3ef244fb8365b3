package io.github.promexport.deployment;

import io.github.promexport.runtime.registry.OpenTelemetrySpanContext;
import io.quarkus.arc.deployment.AdditionalBeanBuildItem;
import io.quarkus.deployment.Capabilities;
import io.quarkus.deployment.Capability;
import io.quarkus.deployment.annotations.BuildProducer;
import io.quarkus.deployment.annotations.BuildStep;
import io.quarkus.deployment.annotations.BuildSteps;
import io.quarkus.deployment.builditem.nativeimage.ReflectiveMethodBuildItem;
import io.quarkus.deployment.builditem.nativeimage.RuntimeInitializedClassBuildItem;

/**
 * Exemplars: with quarkus-opentelemetry's tracing, the registry samples exemplars from the current span, and the
 * fast exposition reads them from Micrometer's meters.
 */
@BuildSteps(onlyIf = PrometheusEnabled.class)
class ExemplarProcessor {

    /** The span context bean, only when quarkus-opentelemetry traces (decided here, at build time). */
    @BuildStep
    void sampleExemplarsFromOpenTelemetry(Capabilities capabilities, BuildProducer<AdditionalBeanBuildItem> beans) {
        if (capabilities.isPresent(Capability.OPENTELEMETRY_TRACER)) {
            beans.produce(AdditionalBeanBuildItem.unremovableOf(OpenTelemetrySpanContext.class));
        }
    }

    /**
     * Native images keep the package-private methods the fast exposition reads exemplars with (an application may
     * also bring its own {@code SpanContext} bean, so they are kept whether or not OpenTelemetry is present).
     */
    @BuildStep
    void registerExemplarAccessorsForReflection(BuildProducer<ReflectiveMethodBuildItem> methods) {
        String reason = getClass().getName() + ": the fast exposition reads Micrometer's exemplars";
        methods.produce(new ReflectiveMethodBuildItem(reason, "io.micrometer.prometheusmetrics.PrometheusCounter",
                "exemplar", new String[0]));
        methods.produce(new ReflectiveMethodBuildItem(reason, "io.micrometer.prometheusmetrics.PrometheusTimer",
                "exemplars", new String[0]));
        methods.produce(new ReflectiveMethodBuildItem(reason,
                "io.micrometer.prometheusmetrics.PrometheusDistributionSummary", "exemplars", new String[0]));
    }

    /**
     * The Prometheus client's exemplar samplers re-arm themselves on a scheduler whose executor is created in a
     * static initializer: it must be created when the native application starts, not in the image.
     */
    @BuildStep
    RuntimeInitializedClassBuildItem initializeExemplarSchedulerAtRuntime() {
        return new RuntimeInitializedClassBuildItem("io.prometheus.metrics.core.util.Scheduler");
    }
}
