package io.github.promexport.deployment.binder;

import io.github.promexport.deployment.PrometheusEnabled;
import io.github.promexport.runtime.binder.JvmMetricsBinder;
import io.quarkus.arc.deployment.AdditionalBeanBuildItem;
import io.quarkus.deployment.annotations.BuildStep;
import io.quarkus.deployment.annotations.BuildSteps;

/** JVM meters (memory, garbage collection, threads, class loading), when {@code quarkus.prometheus.binder.jvm.enabled}. */
@BuildSteps(onlyIf = { PrometheusEnabled.class, BinderSwitch.Jvm.class })
class JvmMetricsProcessor {

    @BuildStep
    AdditionalBeanBuildItem registerJvmBinder() {
        return AdditionalBeanBuildItem.unremovableOf(JvmMetricsBinder.class);
    }
}
