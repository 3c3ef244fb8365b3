package io.github.promexport.deployment;

import java.util.Set;

import org.eclipse.microprofile.config.ConfigProvider;

import io.github.promexport.runtime.PrometheusRecorder;
import io.github.promexport.runtime.registry.PrometheusRegistryProducer;
import io.github.promexport.runtime.registry.QuarkusMicrometerRegistryProducer;
import io.quarkus.arc.deployment.AdditionalBeanBuildItem;
import io.quarkus.arc.deployment.BeanContainerBuildItem;
import io.quarkus.bootstrap.classloading.QuarkusClassLoader;
import io.quarkus.deployment.Capabilities;
import io.quarkus.deployment.annotations.BuildStep;
import io.quarkus.deployment.annotations.BuildSteps;
import io.quarkus.deployment.annotations.Consume;
import io.quarkus.deployment.annotations.ExecutionTime;
import io.quarkus.deployment.annotations.Produce;
import io.quarkus.deployment.annotations.Record;
import io.quarkus.deployment.builditem.FeatureBuildItem;
import io.quarkus.deployment.builditem.nativeimage.ReflectiveClassBuildItem;
import io.quarkus.deployment.pkg.builditem.CurateOutcomeBuildItem;
import io.quarkus.runtime.configuration.ConfigurationException;

/**
 * The feature, the registry bean (alone, or behind quarkus-micrometer; never beside another Prometheus or metrics
 * endpoint) and the scrape logic.
 */
@BuildSteps(onlyIf = PrometheusEnabled.class)
class PrometheusProcessor {

    static final String FEATURE = "prometheus-export";
    /** Provided by quarkus-smallrye-metrics, which has a registry model and a /q/metrics route of its own. */
    static final String SMALLRYE_METRICS = "io.quarkus.smallrye.metrics";
    static final String REGISTRY_PROMETHEUS_EXTENSION = "io.quarkus:quarkus-micrometer-registry-prometheus";
    /**
     * The Prometheus registry of the older Prometheus client that quarkus-micrometer-registry-prometheus brings
     * (io.micrometer:micrometer-registry-prometheus-simpleclient). quarkus-micrometer starts its own Prometheus
     * registry and route whenever this class is present.
     */
    static final String LEGACY_PROMETHEUS_REGISTRY = "io.micrometer.prometheus.PrometheusMeterRegistry";

    @BuildStep
    FeatureBuildItem feature() {
        return new FeatureBuildItem(FEATURE);
    }

    /**
     * Fails the build when another Prometheus or metrics endpoint would be created beside this extension's:
     * quarkus-micrometer-registry-prometheus (quarkus-micrometer itself is welcome: this extension is then its
     * Prometheus registry) or quarkus-smallrye-metrics. The registry bean waits for this check, so the user reads this
     * explanation rather than ArC's report of two beans.
     */
    @BuildStep
    @Produce(QuarkusMetricsAbsentBuildItem.class)
    void rejectConflictingMetricsExtensions(Capabilities capabilities, CurateOutcomeBuildItem curate) {
        if (capabilities.isPresent(SMALLRYE_METRICS)) {
            throw new IllegalStateException("quarkus-prometheus-export and io.quarkus:quarkus-smallrye-metrics are both"
                    + " on the classpath: they would create two metrics registries and two /q/metrics routes. Remove"
                    + " io.quarkus:quarkus-smallrye-metrics; this extension provides the MeterRegistry bean,"
                    + " @Counted/@Timed and the metrics route (add io.quarkus:quarkus-micrometer to keep Quarkus's binders).");
        }
        boolean registryExtension = curate.getApplicationModel().getDependencies().stream()
                .anyMatch(d -> "io.quarkus".equals(d.getGroupId())
                        && "quarkus-micrometer-registry-prometheus".equals(d.getArtifactId()));
        if (registryExtension || QuarkusClassLoader.isClassPresentAtRuntime(LEGACY_PROMETHEUS_REGISTRY)) {
            String found = registryExtension ? REGISTRY_PROMETHEUS_EXTENSION
                    : LEGACY_PROMETHEUS_REGISTRY + " (io.micrometer:micrometer-registry-prometheus-simpleclient)";
            throw new IllegalStateException("quarkus-prometheus-export and " + found + " are both on the classpath:"
                    + " quarkus-micrometer would create a second Prometheus registry and a second /q/metrics route."
                    + " Keep io.quarkus:quarkus-micrometer and remove " + (registryExtension
                            ? REGISTRY_PROMETHEUS_EXTENSION
                            : "io.micrometer:micrometer-registry-prometheus-simpleclient")
                    + ": quarkus-prometheus-export is then the Prometheus registry behind quarkus-micrometer, its"
                    + " binders record into it and its route serves them (migration guide: quarkus.prometheus.* keys"
                    + " replace quarkus.micrometer.export.prometheus.*).");
        }
        if (QuarkusMicrometerPresent.isPresent() && !ConfigProvider.getConfig()
                .getOptionalValue(MICROMETER_ENABLED, Boolean.class).orElse(true)) {
            throw new ConfigurationException(MICROMETER_ENABLED + "=false: with quarkus-prometheus-export,"
                    + " io.quarkus:quarkus-micrometer only feeds this extension's registry (its binders, @Counted/@Timed,"
                    + " datasource and other extensions' metrics), and disabled it would silently drop them. Remove the"
                    + " io.quarkus:quarkus-micrometer dependency instead, or set " + MICROMETER_ENABLED + "=true.",
                    Set.of(MICROMETER_ENABLED));
        }
    }

    static final String MICROMETER_ENABLED = "quarkus.micrometer.enabled";

    /**
     * The registry bean. Without quarkus-micrometer, its producer applies the application's {@code MeterFilter} and
     * {@code MeterBinder} beans and joins Micrometer's global registry; with quarkus-micrometer, quarkus-micrometer
     * does both, for every registry bean (applying them here too would filter twice and bind twice).
     */
    @BuildStep
    @Consume(QuarkusMetricsAbsentBuildItem.class)
    AdditionalBeanBuildItem registerRegistry() {
        return AdditionalBeanBuildItem.unremovableOf(QuarkusMicrometerPresent.isPresent()
                ? QuarkusMicrometerRegistryProducer.class
                : PrometheusRegistryProducer.class);
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
