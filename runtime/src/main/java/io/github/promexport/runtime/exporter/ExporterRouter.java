package io.github.promexport.runtime.exporter;

import java.util.concurrent.Executor;

import io.github.promexport.runtime.route.VertxScrapeHandler;
import io.github.promexport.runtime.scrape.ScrapeOutcomes;
import io.github.promexport.runtime.scrape.Scraper;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Everything the dedicated exporter's port answers, routed by a Vert.x Web router like the main route, so that
 * path matching (a trailing slash, {@code .} segments) behaves the same on both: the metrics path through the
 * same {@link VertxScrapeHandler} as the main route (method check on the event loop, the scrape on the scrape
 * threads, {@code 503} with {@code Retry-After} when their queue is full), {@code /-/healthy} like the Prometheus
 * client's own HTTP server, and a {@code 404} naming the metrics path for anything else.
 */
final class ExporterRouter {

    private static final String PLAIN_TEXT = "text/plain; charset=utf-8";

    private ExporterRouter() {
    }

    /**
     * @param guard told when each response ends, so a kept-alive connection waits for its next request under a
     *        time limit again
     */
    static Router create(Vertx vertx, Scraper scraper, String metricsPath, Executor scrapeThreads, ConnectionGuard guard,
            ExporterAuthenticator authenticator) {
        Router router = Router.router(vertx);
        router.route().handler(context -> {
            context.addEndHandler(ended -> guard.responseEnded(context.request().connection()));
            context.next();
        });
        if (authenticator.enabled()) {
            // Before any route, so that no scrape is queued and no 404 given away without credentials; the
            // authenticator itself lets /-/healthy through unless auth.protect-health is set.
            router.route().handler(context -> authenticate(context, authenticator, scraper.outcomes()));
        }
        router.route(ExporterSettings.HEALTHY_PATH).handler(ExporterRouter::healthy);
        router.route(metricsPath).handler(new VertxScrapeHandler(scraper, scrapeThreads));
        router.route().handler(context -> send(context, 404, "Not found: the metrics are served at " + metricsPath + "\n"));
        return router;
    }

    private static void authenticate(RoutingContext context, ExporterAuthenticator authenticator,
            ScrapeOutcomes outcomes) {
        if (authenticator.permits(context.normalizedPath(), context.request().getHeader("Authorization"))) {
            context.next();
            return;
        }
        outcomes.unauthorized();
        context.response().headers().add("WWW-Authenticate", authenticator.challenges());
        send(context, 401, "Unauthorized: the exporter needs credentials (HTTP Basic or a bearer token)\n");
    }

    private static void healthy(RoutingContext context) {
        HttpMethod method = context.request().method();
        if (method.equals(HttpMethod.GET) || method.equals(HttpMethod.HEAD)) {
            send(context, 200, "Exporter is healthy.\n");
            return;
        }
        context.response().putHeader("Allow", "GET, HEAD");
        send(context, 405, "Method " + method.name() + " is not allowed on " + ExporterSettings.HEALTHY_PATH
                + ": use GET or HEAD\n");
    }

    private static void send(RoutingContext context, int status, String body) {
        // For HEAD, Vert.x sends the headers (with the body's length) and no body.
        context.response().setStatusCode(status).putHeader("Content-Type", PLAIN_TEXT).end(body);
    }
}
