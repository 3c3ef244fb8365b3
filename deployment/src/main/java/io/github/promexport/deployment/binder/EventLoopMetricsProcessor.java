package io.github.promexport.deployment.binder;

import io.github.promexport.deployment.PrometheusEnabled;
import io.github.promexport.runtime.binder.eventloop.EventLoopDelayBinder;
import io.quarkus.arc.deployment.AdditionalBeanBuildItem;
import io.quarkus.deployment.annotations.BuildStep;
import io.quarkus.deployment.annotations.BuildSteps;

/** The event-loop delay probe, when {@code quarkus.prometheus.binder.event-loop.enabled} is true. */
@BuildSteps(onlyIf = { PrometheusEnabled.class, BinderSwitch.EventLoop.class })
class EventLoopMetricsProcessor {

    @BuildStep
    AdditionalBeanBuildItem registerEventLoopDelayBinder() {
        return AdditionalBeanBuildItem.unremovableOf(EventLoopDelayBinder.class);
    }
}
