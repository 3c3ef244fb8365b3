package io.github.promexport.deployment.binder;

import io.github.promexport.deployment.PrometheusEnabled;
import io.github.promexport.runtime.binder.distribution.DistributionMeterFilter;
import io.quarkus.arc.deployment.AdditionalBeanBuildItem;
import io.quarkus.deployment.annotations.BuildStep;
import io.quarkus.deployment.annotations.BuildSteps;

/** Histogram, percentile and SLO settings from {@code quarkus.prometheus.distribution.*}. */
@BuildSteps(onlyIf = PrometheusEnabled.class)
class DistributionProcessor {

    @BuildStep
    AdditionalBeanBuildItem registerDistributionFilter() {
        return AdditionalBeanBuildItem.unremovableOf(DistributionMeterFilter.class);
    }
}
