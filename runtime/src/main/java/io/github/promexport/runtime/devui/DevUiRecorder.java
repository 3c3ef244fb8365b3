package io.github.promexport.runtime.devui;

import io.github.promexport.runtime.scrape.Scraper;
import io.quarkus.arc.Arc;
import io.quarkus.runtime.RuntimeValue;
import io.quarkus.runtime.annotations.Recorder;

/** Dev mode only: hands the scrape logic and the route's build-time facts to the Dev UI's JSON-RPC service. */
@Recorder
public class DevUiRecorder {

    public void attach(RuntimeValue<Scraper> scraper, String routePath, boolean management) {
        Arc.container().instance(PrometheusDevUiService.class).get()
                .attach(new PrometheusDevUiService.DevUiSources(scraper.getValue(), routePath, management));
    }
}
