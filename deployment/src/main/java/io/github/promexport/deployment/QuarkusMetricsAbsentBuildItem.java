package io.github.promexport.deployment;

import io.quarkus.builder.item.EmptyBuildItem;

/**
 * Produced once the build has checked that neither quarkus-micrometer nor quarkus-smallrye-metrics is present;
 * steps that would clash with them consume it, so the conflict is reported before anything else fails.
 */
public final class QuarkusMetricsAbsentBuildItem extends EmptyBuildItem {
}
