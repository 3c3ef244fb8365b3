package io.github.promexport.deployment.kubernetes;

import io.dekorate.kubernetes.decorator.ResourceProvidingDecorator;
import io.dekorate.prometheus.model.ServiceMonitorBuilder;
import io.fabric8.kubernetes.api.model.KubernetesListBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;

/**
 * A Prometheus operator {@code ServiceMonitor} for the dedicated exporter: it selects the application's Service by
 * its labels and scrapes the Service port named {@code metrics} (the exporter's container port, which
 * quarkus-kubernetes adds to the Service), with the exporter's scheme and path. Interval and honorLabels are those
 * of the ServiceMonitor quarkus-kubernetes generates for the metrics route, so that moving the metrics to the exporter
 * changes where Prometheus scrapes, not how.
 * <p>
 * Loaded only when quarkus-kubernetes (which brings Dekorate) consumes the decorators.
 */
class AddExporterServiceMonitorDecorator extends ResourceProvidingDecorator<KubernetesListBuilder> {

    private final String portName;
    private final String scheme;
    private final String path;

    AddExporterServiceMonitorDecorator(String portName, String scheme, String path) {
        this.portName = portName;
        this.scheme = scheme;
        this.path = path;
    }

    @Override
    public void visit(KubernetesListBuilder list) {
        ObjectMeta deployment = getMandatoryDeploymentMetadata(list, ANY);
        list.addToItems(new ServiceMonitorBuilder()
                .withNewMetadata()
                .withName(deployment.getName())
                .withLabels(deployment.getLabels())
                .endMetadata()
                .withNewSpec()
                .withNewSelector()
                .addToMatchLabels(deployment.getLabels())
                .endSelector()
                .addNewEndpoint()
                .withPort(portName)
                .withScheme(scheme)
                .withPath(path)
                .withInterval(KubernetesManifestsProcessor.SCRAPE_INTERVAL)
                .withHonorLabels(true)
                .endEndpoint()
                .endSpec()
                .build());
    }
}
