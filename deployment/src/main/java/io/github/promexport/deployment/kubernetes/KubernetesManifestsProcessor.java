package io.github.promexport.deployment.kubernetes;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

import io.dekorate.kubernetes.decorator.AddAnnotationDecorator;
import io.github.promexport.deployment.DedicatedExporterTargetBuildItem;
import io.github.promexport.deployment.PrometheusEnabled;
import io.github.promexport.runtime.exporter.ExporterSettings;
import io.quarkus.deployment.IsDevelopment;
import io.quarkus.deployment.annotations.BuildStep;
import io.quarkus.deployment.annotations.BuildSteps;
import io.quarkus.kubernetes.spi.DecoratorBuildItem;
import io.quarkus.kubernetes.spi.KubernetesPortBuildItem;

/**
 * The scrape target in the manifests quarkus-kubernetes and quarkus-openshift generate.
 * <p>
 * For the metrics route (main port or management interface) quarkus-kubernetes already writes the
 * {@code prometheus.io/*} annotations and a {@code ServiceMonitor} from the path this extension declares in its
 * {@code MetricsCapabilityBuildItem}. When the dedicated exporter is configured, that path is withheld (Quarkus would
 * point Prometheus at the route) and this processor describes the exporter instead: a container port named
 * {@code metrics}, the annotations and the {@code ServiceMonitor} with the exporter's port, scheme and path, each
 * when Quarkus's own {@code quarkus.kubernetes.prometheus.*} keys ask for it.
 * <p>
 * The steps that produce Kubernetes build items run only when quarkus-kubernetes consumes them; the exporter's
 * keys are run-time keys, read here as the application's configuration holds them when the manifests are written.
 * Not in dev mode: the exporter is off there, and manifests are for production.
 */
@BuildSteps(onlyIf = PrometheusEnabled.class, onlyIfNot = IsDevelopment.class)
class KubernetesManifestsProcessor {

    private static final Logger LOG = Logger.getLogger(KubernetesManifestsProcessor.class);

    static final String PORT_NAME = "metrics";
    /** The interval of the ServiceMonitor quarkus-kubernetes generates for the route. */
    static final String SCRAPE_INTERVAL = "10s";
    /** The targets whose generators read {@code quarkus.kubernetes.*} (Knative has one port per revision). */
    private static final List<String> KUBERNETES_TARGETS = List.of("kubernetes", "minikube", "kind");
    private static final String OPENSHIFT_TARGET = "openshift";
    /** The resources Prometheus's Kubernetes discovery reads annotations from, directly or in their pod template. */
    private static final String[] ANNOTATED_KINDS = { "Service", "Deployment", "DeploymentConfig", "StatefulSet" };

    @BuildStep
    DedicatedExporterTargetBuildItem resolveDedicatedExporterTarget() {
        return ExporterTargetResolver.resolve(ConfigProvider.getConfig()).orElse(null);
    }

    /**
     * The exporter's container port, named {@code metrics}. A pod runs one process, so a port range has no use
     * there: the range's first port is declared, and one warning says so and how to say it plainly.
     */
    @BuildStep
    KubernetesPortBuildItem declareExporterPort(Optional<DedicatedExporterTargetBuildItem> exporter) {
        if (exporter.isEmpty()) {
            return null;
        }
        DedicatedExporterTargetBuildItem target = exporter.get();
        if (target.portRange() != null) {
            LOG.warnf("%s=%s: a pod runs one process, so the Kubernetes manifests declare the range's first port, %d,"
                    + " as the container port '%s' that Prometheus scrapes. Set %s=%d to say so explicitly.",
                    ExporterSettings.PORT_RANGE_KEY, target.portRange(), target.port(), PORT_NAME,
                    ExporterSettings.PORT_KEY, target.port());
        }
        return new KubernetesPortBuildItem(target.port(), PORT_NAME);
    }

    /** The {@code prometheus.io/*} annotations and the {@code ServiceMonitor} of the exporter, per target. */
    @BuildStep
    List<DecoratorBuildItem> describeExporterScrapeTarget(Optional<DedicatedExporterTargetBuildItem> exporter) {
        if (exporter.isEmpty()) {
            return List.of();
        }
        Config config = ConfigProvider.getConfig();
        List<DecoratorBuildItem> decorators = new ArrayList<>();
        for (String target : KUBERNETES_TARGETS) {
            decorators.addAll(describe(target, PrometheusKeys.of(config, "kubernetes"), exporter.get()));
        }
        decorators.addAll(describe(OPENSHIFT_TARGET, PrometheusKeys.of(config, OPENSHIFT_TARGET), exporter.get()));
        return decorators;
    }

    private static List<DecoratorBuildItem> describe(String target, PrometheusKeys keys,
            DedicatedExporterTargetBuildItem exporter) {
        List<DecoratorBuildItem> decorators = new ArrayList<>();
        if (keys.annotations()) {
            decorators.add(annotation(target, keys.scrapeAnnotation(), "true"));
            decorators.add(annotation(target, keys.pathAnnotation(), exporter.path()));
            decorators.add(annotation(target, keys.portAnnotation(), String.valueOf(exporter.port())));
            decorators.add(annotation(target, keys.schemeAnnotation(), exporter.scheme()));
        }
        if (keys.generateServiceMonitor()) {
            decorators.add(new DecoratorBuildItem(target,
                    new AddExporterServiceMonitorDecorator(PORT_NAME, exporter.scheme(), exporter.path())));
        }
        return decorators;
    }

    private static DecoratorBuildItem annotation(String target, String key, String value) {
        return new DecoratorBuildItem(target, new AddAnnotationDecorator(null, key, value, ANNOTATED_KINDS));
    }
}
