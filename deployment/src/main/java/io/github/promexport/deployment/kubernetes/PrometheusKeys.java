package io.github.promexport.deployment.kubernetes;

import org.eclipse.microprofile.config.Config;

/**
 * Quarkus's own {@code quarkus.<target>.prometheus.*} keys, with quarkus-kubernetes's defaults: whether to write
 * the annotations and the ServiceMonitor, and the annotations' names. Read from the configuration because they
 * belong to quarkus-kubernetes, which this extension does not depend on. {@code quarkus.openshift.*} falls back to
 * {@code quarkus.kubernetes.*} through quarkus-kubernetes's own configuration interceptor.
 */
record PrometheusKeys(boolean annotations, boolean generateServiceMonitor, String scrapeAnnotation,
        String pathAnnotation, String portAnnotation, String schemeAnnotation) {

    static PrometheusKeys of(Config config, String target) {
        String prefix = "quarkus." + target + ".prometheus.";
        String annotationPrefix = config.getOptionalValue(prefix + "prefix", String.class).orElse("prometheus.io");
        return new PrometheusKeys(
                config.getOptionalValue(prefix + "annotations", Boolean.class).orElse(true),
                config.getOptionalValue(prefix + "generate-service-monitor", Boolean.class).orElse(true),
                config.getOptionalValue(prefix + "scrape", String.class).orElse(annotationPrefix + "/scrape"),
                config.getOptionalValue(prefix + "path", String.class).orElse(annotationPrefix + "/path"),
                config.getOptionalValue(prefix + "port", String.class).orElse(annotationPrefix + "/port"),
                config.getOptionalValue(prefix + "scheme", String.class).orElse(annotationPrefix + "/scheme"));
    }
}
