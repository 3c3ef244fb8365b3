package io.github.promexport.runtime;

import java.util.concurrent.ExecutorService;

import io.github.promexport.runtime.exposition.RequestContextExposition;
import io.github.promexport.runtime.exposition.fast.FastExposition;
import io.github.promexport.runtime.route.VertxScrapeHandler;
import io.github.promexport.runtime.scrape.FormatNegotiator;
import io.github.promexport.runtime.scrape.ScrapeOutcomes;
import io.github.promexport.runtime.scrape.ScrapeThreads;
import io.github.promexport.runtime.scrape.Scraper;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.config.ExporterProperties;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.quarkus.arc.Arc;
import io.quarkus.runtime.RuntimeValue;
import io.quarkus.runtime.ShutdownContext;
import io.quarkus.runtime.annotations.Recorder;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

@Recorder
public class PrometheusRecorder {

    /**
     * Creates the registry (so that JVM meters start counting at startup, and a bad common tag fails startup)
     * and the scrape logic shared by every endpoint. Scrapes read the registry in a CDI request context, for
     * gauges that need one.
     */
    public RuntimeValue<Scraper> createScraper() {
        PrometheusMeterRegistry registry = Arc.container().instance(PrometheusMeterRegistry.class).get();
        ExporterProperties properties = ExporterProperties.builder().build();
        ExpositionFormats formats = ExpositionFormats.init(properties);
        return new RuntimeValue<>(new Scraper(new FormatNegotiator(formats),
                new RequestContextExposition(FastExposition.create(registry, formats, properties),
                        Arc.container().requestContext()),
                registry));
    }

    public Handler<RoutingContext> routeHandler(RuntimeValue<Scraper> scraper, ShutdownContext shutdown) {
        ExecutorService scrapeThreads = ScrapeThreads.create("prometheus-scrape");
        shutdown.addShutdownTask(scrapeThreads::shutdownNow);
        return new VertxScrapeHandler(scraper.getValue().forEndpoint(ScrapeOutcomes.ROUTE), scrapeThreads);
    }
}
