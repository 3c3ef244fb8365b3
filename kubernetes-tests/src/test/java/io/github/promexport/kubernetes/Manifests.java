package io.github.promexport.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import io.dekorate.prometheus.model.Endpoint;
import io.dekorate.prometheus.model.ServiceMonitor;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;

/**
 * The {@code kubernetes.yml} quarkus-kubernetes wrote, parsed with a YAML parser into the model classes it was
 * generated from: fabric8's {@link Deployment} and {@link Service}, and Dekorate's {@link ServiceMonitor}, the one
 * quarkus-kubernetes builds its own ServiceMonitor with. Unknown fields fail the parse, so a manifest that does not
 * fit the model is caught too.
 */
final class Manifests {

    private final List<Deployment> deployments = new ArrayList<>();
    private final List<Service> services = new ArrayList<>();
    private final List<ServiceMonitor> serviceMonitors = new ArrayList<>();

    private Manifests() {
    }

    static Manifests read(Path buildDir) throws IOException {
        Path file = buildDir.resolve("kubernetes").resolve("kubernetes.yml");
        assertTrue(Files.isRegularFile(file), "quarkus-kubernetes wrote no " + file);
        ObjectMapper mapper = new ObjectMapper(new YAMLFactory())
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        Manifests manifests = new Manifests();
        try (Reader reader = Files.newBufferedReader(file);
                MappingIterator<JsonNode> documents = mapper.readerFor(JsonNode.class).readValues(reader)) {
            while (documents.hasNext()) {
                JsonNode document = documents.next();
                if (document == null || document.isNull() || document.isEmpty()) {
                    continue;
                }
                switch (document.path("kind").asText()) {
                    case "Deployment" -> manifests.deployments.add(mapper.treeToValue(document, Deployment.class));
                    case "Service" -> manifests.services.add(mapper.treeToValue(document, Service.class));
                    case "ServiceMonitor" -> manifests.serviceMonitors.add(mapper.treeToValue(document, ServiceMonitor.class));
                    default -> {
                    }
                }
            }
        }
        return manifests;
    }

    Deployment deployment() {
        assertEquals(1, deployments.size(), "Deployments in kubernetes.yml");
        return deployments.get(0);
    }

    Service service() {
        assertEquals(1, services.size(), "Services in kubernetes.yml");
        return services.get(0);
    }

    List<ServiceMonitor> serviceMonitors() {
        return serviceMonitors;
    }

    /** The single endpoint of the single ServiceMonitor. */
    Endpoint serviceMonitorEndpoint() {
        assertEquals(1, serviceMonitors.size(), "ServiceMonitors in kubernetes.yml");
        List<Endpoint> endpoints = serviceMonitors.get(0).getSpec().getEndpoints();
        assertEquals(1, endpoints.size(), "endpoints of the ServiceMonitor");
        return endpoints.get(0);
    }

    Container container() {
        List<Container> containers = deployment().getSpec().getTemplate().getSpec().getContainers();
        assertEquals(1, containers.size(), "containers of the Deployment");
        return containers.get(0);
    }

    /** The container ports by name. */
    Map<String, Integer> containerPorts() {
        Map<String, Integer> ports = new TreeMap<>();
        for (ContainerPort port : container().getPorts()) {
            ports.put(port.getName(), port.getContainerPort());
        }
        return ports;
    }

    /**
     * Asserts the four {@code prometheus.io/*} annotations on the Service (Prometheus's {@code endpoints} discovery
     * reads them there), on the pods (its {@code pod} discovery) and on the Deployment.
     */
    void assertScrapeAnnotations(String port, String path, String scheme) {
        assertScrapeAnnotations("prometheus.io", port, path, scheme);
    }

    /** The same, with the annotations' prefix {@code quarkus.kubernetes.prometheus.prefix}. */
    void assertScrapeAnnotations(String prefix, String port, String path, String scheme) {
        Map<String, String> expected = Map.of(prefix + "/scrape", "true", prefix + "/port", port,
                prefix + "/path", path, prefix + "/scheme", scheme);
        assertAnnotations("Service", service().getMetadata().getAnnotations(), expected);
        assertAnnotations("pod template", deployment().getSpec().getTemplate().getMetadata().getAnnotations(), expected);
        assertAnnotations("Deployment", deployment().getMetadata().getAnnotations(), expected);
    }

    /** Asserts that the single ServiceMonitor selects the application's Service: its labels match the Service's. */
    void assertServiceMonitorSelectsTheService() {
        assertEquals(1, serviceMonitors.size(), "ServiceMonitors in kubernetes.yml");
        Map<String, String> selector = serviceMonitors.get(0).getSpec().getSelector().getMatchLabels();
        Map<String, String> labels = service().getMetadata().getLabels();
        assertTrue(selector != null && !selector.isEmpty() && labels.entrySet().containsAll(selector.entrySet()),
                "ServiceMonitor selector " + selector + " does not select the Service labelled " + labels);
    }

    private static void assertAnnotations(String resource, Map<String, String> actual, Map<String, String> expected) {
        for (Map.Entry<String, String> annotation : expected.entrySet()) {
            assertEquals(annotation.getValue(), actual == null ? null : actual.get(annotation.getKey()),
                    "annotation " + annotation.getKey() + " of the " + resource + " (all: " + actual + ")");
        }
    }
}
