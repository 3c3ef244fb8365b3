package io.github.promexport.deployment.devui;

import io.github.promexport.deployment.MetricsEndpointBuildItem;
import io.github.promexport.deployment.PrometheusEnabled;
import io.github.promexport.deployment.ScraperBuildItem;
import io.github.promexport.runtime.devui.DevUiRecorder;
import io.github.promexport.runtime.devui.PrometheusDevUiService;
import io.quarkus.arc.deployment.AdditionalBeanBuildItem;
import io.quarkus.deployment.IsLocalDevelopment;
import io.quarkus.deployment.annotations.BuildStep;
import io.quarkus.deployment.annotations.BuildSteps;
import io.quarkus.deployment.annotations.ExecutionTime;
import io.quarkus.deployment.annotations.Record;
import io.quarkus.devui.spi.JsonRPCProvidersBuildItem;
import io.quarkus.devui.spi.page.CardPageBuildItem;
import io.quarkus.devui.spi.page.Page;

/**
 * The Dev UI card: where the metrics are served, the metric families with their cardinality, and the last scrape.
 * Local dev mode only: in a production or test build none of these steps runs, so the JSON-RPC service is no bean and
 * has no method on any route.
 */
@BuildSteps(onlyIf = { PrometheusEnabled.class, IsLocalDevelopment.class })
class DevUiProcessor {

    static final String PAGE = "qwc-prometheus-export-metrics.js";

    @BuildStep
    CardPageBuildItem createCard() {
        CardPageBuildItem card = new CardPageBuildItem();
        card.addPage(Page.webComponentPageBuilder()
                .title("Metrics")
                .icon("font-awesome-solid:chart-line")
                .componentLink(PAGE));
        return card;
    }

    @BuildStep
    JsonRPCProvidersBuildItem registerJsonRpcService() {
        return new JsonRPCProvidersBuildItem(PrometheusDevUiService.class);
    }

    /** The recorder looks the service up by type at startup; nothing injects it, so ArC must keep it. */
    @BuildStep
    AdditionalBeanBuildItem keepJsonRpcService() {
        return AdditionalBeanBuildItem.unremovableOf(PrometheusDevUiService.class);
    }

    @BuildStep
    @Record(ExecutionTime.RUNTIME_INIT)
    void attachScrapesToDevUi(ScraperBuildItem scraper, MetricsEndpointBuildItem endpoint, DevUiRecorder recorder) {
        recorder.attach(scraper.scraper(), endpoint.resolvedPath(), endpoint.management());
    }
}
