package io.github.promexport.deployment;

import io.github.promexport.runtime.PrometheusRecorder;
import io.github.promexport.runtime.registry.PrometheusRegistryProducer;
import io.quarkus.arc.deployment.AdditionalBeanBuildItem;
import io.quarkus.arc.deployment.BeanContainerBuildItem;
import io.quarkus.deployment.Capabilities;
import io.quarkus.deployment.annotations.BuildStep;
import io.quarkus.deployment.annotations.BuildSteps;
import io.quarkus.deployment.annotations.Consume;
import io.quarkus.deployment.annotations.ExecutionTime;
import io.quarkus.deployment.annotations.Produce;
import io.quarkus.deployment.annotations.Record;
import io.quarkus.deployment.builditem.FeatureBuildItem;
import io.quarkus.deployment.builditem.nativeimage.ReflectiveClassBuildItem;

/** The feature, the registry bean (never beside Quarkus's own metrics extension) and the scrape logic. */
@BuildSteps(onlyIf = PrometheusEnabled.class)
class PrometheusProcessor {

    static final String FEATURE = "prometheus-export";
    /**
     * The capability that io.quarkus:quarkus-micrometer (and the older quarkus-smallrye-metrics) provides: both
     * create their own registry and their own /q/metrics route.
     */
    static final String QUARKUS_METRICS = "io.quarkus.metrics";

    @BuildStep
    FeatureBuildItem feature() {
        return new FeatureBuildItem(FEATURE);
    }

    /**
     * Fails the build when Quarkus's own metrics extension is present too. The registry bean waits for this check,
     * so the user reads this explanation rather than ArC's report of two {@code MeterRegistry} beans.
     */
    @BuildStep
    @Produce(QuarkusMetricsAbsentBuildItem.class)
    void rejectQuarkusMetricsExtension(Capabilities capabilities) {
        if (capabilities.isPresent(QUARKUS_METRICS)) {
            throw new IllegalStateException("quarkus-prometheus-export and Quarkus's own Micrometer extension"
                    + " (io.quarkus:quarkus-micrometer, brought in by quarkus-micrometer-registry-prometheus or another"
                    + " quarkus-micrometer-registry-*), or quarkus-smallrye-metrics, is also on the classpath: they would"
                    + " create two registries and two /q/metrics routes. Remove the io.quarkus:quarkus-micrometer*"
                    + " dependency; this extension provides the MeterRegistry bean, @Counted/@Timed and the metrics route.");
        }
    }

    @BuildStep
    @Consume(QuarkusMetricsAbsentBuildItem.class)
    AdditionalBeanBuildItem registerRegistry() {
        return AdditionalBeanBuildItem.unremovableOf(PrometheusRegistryProducer.class);
    }

    @BuildStep
    @Record(ExecutionTime.RUNTIME_INIT)
    ScraperBuildItem createScraper(PrometheusRecorder recorder, BeanContainerBuildItem beanContainer) {
        return new ScraperBuildItem(recorder.createScraper());
    }

    /**
     * The protobuf exposition writer is loaded by name, so native images must keep its constructor.
     */
    @BuildStep
    ReflectiveClassBuildItem registerProtobufWriterForReflection() {
        return ReflectiveClassBuildItem
                .builder("io.prometheus.metrics.expositionformats.internal.PrometheusProtobufWriterImpl")
                .constructors()
                .reason(getClass().getName() + ": loaded by name by PrometheusProtobufWriter")
                .build();
    }
}
