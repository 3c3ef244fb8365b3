package io.github.promexport.deployment;

import io.github.promexport.runtime.scrape.Scraper;
import io.quarkus.builder.item.SimpleBuildItem;
import io.quarkus.runtime.RuntimeValue;

/** The scrape logic, created once at runtime init and shared by the metrics route and the dedicated exporter. */
public final class ScraperBuildItem extends SimpleBuildItem {

    private final RuntimeValue<Scraper> scraper;

    ScraperBuildItem(RuntimeValue<Scraper> scraper) {
        this.scraper = scraper;
    }

    public RuntimeValue<Scraper> scraper() {
        return scraper;
    }
}
