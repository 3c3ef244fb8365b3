package io.github.promexport.deployment;

import io.quarkus.builder.item.SimpleBuildItem;

/**
 * Where Prometheus scrapes the dedicated exporter of the packaged application, as its configuration says at build
 * time ({@code quarkus.prometheus.export.*} in {@code application.properties}). Produced only when the exporter is
 * configured with a fixed port (not {@code 0}, which no manifest can name) or a port range, with values the exporter
 * accepts, and never in dev mode, where the exporter is off. Its presence tells
 * the other processors that the scrape target is the exporter, not the metrics route: quarkus-kubernetes then gets
 * the exporter's port, scheme and path instead of the route's.
 */
public final class DedicatedExporterTargetBuildItem extends SimpleBuildItem {

    private final int port;
    private final String path;
    private final boolean https;
    private final String portRange;

    public DedicatedExporterTargetBuildItem(int port, String path, boolean https, String portRange) {
        this.port = port;
        this.path = path;
        this.https = https;
        this.portRange = portRange;
    }

    /** The exporter's port: {@code quarkus.prometheus.export.port}, or the first port of the range. */
    public int port() {
        return port;
    }

    /** The metrics path on the exporter's port, absolute ({@code /metrics}). */
    public String path() {
        return path;
    }

    /** Whether the exporter serves HTTPS ({@code quarkus.prometheus.export.tls-configuration-name} is set). */
    public boolean https() {
        return https;
    }

    /** {@code https} or {@code http}, as Prometheus's {@code scheme} takes it. */
    public String scheme() {
        return https ? "https" : "http";
    }

    /** The value of {@code quarkus.prometheus.export.port-range} when the port comes from a range, else null. */
    public String portRange() {
        return portRange;
    }
}
