package io.github.promexport.deployment;

import java.net.URI;

import io.github.promexport.runtime.PrometheusRecorder;
import io.github.promexport.runtime.config.PathValidator;
import io.github.promexport.runtime.config.PrometheusBuildTimeConfig;
import io.quarkus.deployment.annotations.BuildStep;
import io.quarkus.deployment.annotations.BuildSteps;
import io.quarkus.deployment.annotations.ExecutionTime;
import io.quarkus.deployment.annotations.Record;
import io.quarkus.deployment.builditem.LaunchModeBuildItem;
import io.quarkus.deployment.builditem.ShutdownContextBuildItem;
import io.quarkus.vertx.http.deployment.NonApplicationRootPathBuildItem;
import io.quarkus.vertx.http.deployment.RouteBuildItem;
import io.quarkus.vertx.http.runtime.management.ManagementInterfaceBuildTimeConfig;

/** The metrics route on the main HTTP server, or on the management interface when that is enabled. */
@BuildSteps(onlyIf = PrometheusEnabled.class)
class RouteProcessor {

    static final String PATH_KEY = "quarkus.prometheus.path";
    static final String MANAGEMENT_KEY = "quarkus.prometheus.management.enabled";

    @BuildStep
    MetricsEndpointBuildItem resolveMetricsEndpoint(PrometheusBuildTimeConfig config, NonApplicationRootPathBuildItem paths,
            ManagementInterfaceBuildTimeConfig managementInterface, LaunchModeBuildItem launchMode) {
        String path = validatePath(config.path());
        boolean management = managementInterface.enabled() && config.management().enabled();
        // resolveManagementPath gives a full URL in dev and test mode; keep only its path.
        String resolved = management ? URI.create(paths.resolveManagementPath(path, managementInterface, launchMode)).getPath()
                : paths.resolvePath(path);
        return new MetricsEndpointBuildItem(path, resolved, management);
    }

    @BuildStep
    @Record(ExecutionTime.RUNTIME_INIT)
    RouteBuildItem registerScrapeRoute(MetricsEndpointBuildItem endpoint, NonApplicationRootPathBuildItem paths,
            ScraperBuildItem scraper, ShutdownContextBuildItem shutdown, PrometheusRecorder recorder) {
        return paths.routeBuilder()
                .management(MANAGEMENT_KEY)
                .route(endpoint.configuredPath())
                .routeConfigKey(PATH_KEY)
                .handler(recorder.routeHandler(scraper.scraper(), shutdown))
                .displayOnNotFoundPage("Prometheus metrics")
                .build();
    }

    /** The configured path, validated: a path made of segments, and not {@code /}, which would shadow the application. */
    static String validatePath(String value) {
        String path = PathValidator.validate(PATH_KEY, value, "metrics");
        if (path.equals("/")) {
            throw PathValidator.invalid(PATH_KEY, value,
                    "the metrics would be served at the root and shadow the whole application", "metrics");
        }
        return path;
    }
}
