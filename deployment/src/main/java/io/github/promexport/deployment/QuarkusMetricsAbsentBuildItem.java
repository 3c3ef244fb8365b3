package io.github.promexport.deployment;

import io.quarkus.builder.item.EmptyBuildItem;

/**
 * Produced once the build has checked that no other Prometheus or metrics endpoint (quarkus-micrometer-registry-prometheus,
 * quarkus-smallrye-metrics) would be created;
 * steps that would clash with them consume it, so the conflict is reported before anything else fails.
 */
public final class QuarkusMetricsAbsentBuildItem extends EmptyBuildItem {
}
