package io.github.promexport.deployment;

import io.github.promexport.runtime.DedicatedExporterRecorder;
import io.github.promexport.runtime.PrometheusExporterEndpoint;
import io.github.promexport.runtime.exporter.ExporterCertificateReloader;
import io.quarkus.arc.deployment.AdditionalBeanBuildItem;
import io.quarkus.deployment.IsDevelopment;
import io.quarkus.deployment.annotations.BuildStep;
import io.quarkus.deployment.annotations.BuildSteps;
import io.quarkus.deployment.annotations.ExecutionTime;
import io.quarkus.deployment.annotations.Record;
import io.quarkus.deployment.builditem.ExtensionSslNativeSupportBuildItem;
import io.quarkus.deployment.builditem.LaunchModeBuildItem;
import io.quarkus.deployment.builditem.ServiceStartBuildItem;
import io.quarkus.deployment.builditem.ShutdownContextBuildItem;
import io.quarkus.tls.deployment.spi.TlsRegistryBuildItem;
import io.quarkus.vertx.http.runtime.management.ManagementInterfaceBuildTimeConfig;

/**
 * The dedicated exporter: the metrics on a port and threads of their own. Off in dev mode, decided here at build
 * time: live reload restarts the application inside the same JVM, and the metrics route is enough there.
 */
@BuildSteps(onlyIf = PrometheusEnabled.class)
class ExporterProcessor {

    private static final String SERVICE = "prometheus-dedicated-exporter";

    @BuildStep
    AdditionalBeanBuildItem registerEndpointBean() {
        return AdditionalBeanBuildItem.builder().addBeanClasses(PrometheusExporterEndpoint.class,
                ExporterCertificateReloader.class).setUnremovable().build();
    }

    /** HTTPS on the exporter (quarkus.prometheus.export.tls-configuration-name) needs the JDK's TLS in native too. */
    @BuildStep
    ExtensionSslNativeSupportBuildItem enableSslInNative() {
        return new ExtensionSslNativeSupportBuildItem(SERVICE);
    }

    @BuildStep(onlyIfNot = IsDevelopment.class)
    @Record(ExecutionTime.RUNTIME_INIT)
    ServiceStartBuildItem startDedicatedExporter(LaunchModeBuildItem launchMode, ScraperBuildItem scraper,
            ManagementInterfaceBuildTimeConfig management, TlsRegistryBuildItem tlsRegistry,
            ShutdownContextBuildItem shutdown, DedicatedExporterRecorder recorder) {
        recorder.startDedicatedExporter(scraper.scraper(), launchMode.getLaunchMode(), management.enabled(),
                tlsRegistry.registry(), shutdown);
        return new ServiceStartBuildItem(SERVICE);
    }

    @BuildStep(onlyIf = IsDevelopment.class)
    @Record(ExecutionTime.RUNTIME_INIT)
    ServiceStartBuildItem explainDedicatedExporterIsOffInDevMode(MetricsEndpointBuildItem endpoint,
            DedicatedExporterRecorder recorder) {
        recorder.explainDedicatedExporterIsOff(endpoint.resolvedPath(), endpoint.management());
        return new ServiceStartBuildItem(SERVICE);
    }
}
