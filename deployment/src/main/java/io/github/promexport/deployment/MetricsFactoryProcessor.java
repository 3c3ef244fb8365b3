package io.github.promexport.deployment;

import java.util.List;
import java.util.Optional;

import io.github.promexport.runtime.MetricsFactoryRecorder;
import io.quarkus.arc.deployment.BeanContainerBuildItem;
import io.quarkus.arc.deployment.SyntheticBeansRuntimeInitBuildItem;
import io.quarkus.deployment.annotations.BuildStep;
import io.quarkus.deployment.annotations.BuildSteps;
import io.quarkus.deployment.annotations.Consume;
import io.quarkus.deployment.annotations.ExecutionTime;
import io.quarkus.deployment.annotations.Overridable;
import io.quarkus.deployment.annotations.Record;
import io.quarkus.deployment.metrics.MetricsCapabilityBuildItem;
import io.quarkus.deployment.metrics.MetricsFactoryConsumerBuildItem;
import io.quarkus.runtime.metrics.MetricsFactory;

/**
 * Other extensions' metrics without quarkus-micrometer: declares Micrometer metrics support (Hibernate ORM and
 * others publish only then; Quarkus REST then records URL templates for the {@code uri} label) and runs every
 * {@code MetricsFactory} consumer they produce (Agroal's datasource pools, Hibernate ORM's statistics...) against the
 * application's registry. With quarkus-micrometer, quarkus-micrometer does both, into the same registry.
 */
@BuildSteps(onlyIf = PrometheusEnabled.class, onlyIfNot = QuarkusMicrometerPresent.class)
class MetricsFactoryProcessor {

    /**
     * Overridable, so that when another metrics extension is wrongly present too, its own item wins and the
     * extension's conflict message is what the user sees, not a duplicate-producer error.
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

    /**
     * At runtime init, for consumers recorded for static init too: the registry is a bean created at runtime init.
     * After the synthetic beans (the datasources) are initialized, which the consumers look up.
     */
    @BuildStep
    @Record(ExecutionTime.RUNTIME_INIT)
    @Consume(BeanContainerBuildItem.class)
    @Consume(SyntheticBeansRuntimeInitBuildItem.class)
    void registerExtensionMetrics(MetricsFactoryRecorder recorder, List<MetricsFactoryConsumerBuildItem> consumers) {
        for (MetricsFactoryConsumerBuildItem consumer : consumers) {
            recorder.registerExtensionMetrics(consumer.getConsumer());
        }
    }
}
