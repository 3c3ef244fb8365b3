package io.github.promexport.runtime.route;

import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

import io.github.promexport.runtime.scrape.Scraper;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * The metrics route. The event loop only checks the method and hands the exchange to the scrape threads, so a
 * scrape never runs on an event loop and does not wait for the application's worker pool either: a saturated
 * worker pool leaves the metrics route answering.
 */
public final class VertxScrapeHandler implements Handler<RoutingContext> {

    private final Scraper scraper;
    private final Executor scrapeThreads;

    public VertxScrapeHandler(Scraper scraper, Executor scrapeThreads) {
        this.scraper = scraper;
        this.scrapeThreads = scrapeThreads;
    }

    @Override
    public void handle(RoutingContext context) {
        VertxScrapeExchange exchange = new VertxScrapeExchange(context);
        if (scraper.rejectUnsupportedMethod(exchange)) {
            return;
        }
        try {
            scrapeThreads.execute(() -> scraper.scrape(exchange));
        } catch (RejectedExecutionException e) {
            scraper.rejectBusy(exchange);
        }
    }
}
