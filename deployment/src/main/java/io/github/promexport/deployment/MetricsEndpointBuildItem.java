package io.github.promexport.deployment;

import io.quarkus.builder.item.SimpleBuildItem;

/**
 * Where the metrics route is served, validated and resolved once: other processors consume it instead of
 * reading {@code quarkus.prometheus.path} themselves.
 */
public final class MetricsEndpointBuildItem extends SimpleBuildItem {

    private final String configuredPath;
    private final String resolvedPath;
    private final boolean management;

    MetricsEndpointBuildItem(String configuredPath, String resolvedPath, boolean management) {
        this.configuredPath = configuredPath;
        this.resolvedPath = resolvedPath;
        this.management = management;
    }

    /** The validated value of {@code quarkus.prometheus.path}, as the route builder takes it. */
    public String configuredPath() {
        return configuredPath;
    }

    /**
     * The absolute request path of the route ({@code /q/metrics}); on the management interface when
     * {@link #management()} is true.
     */
    public String resolvedPath() {
        return resolvedPath;
    }

    /** Whether the route is served by the management interface instead of the main HTTP server. */
    public boolean management() {
        return management;
    }
}
