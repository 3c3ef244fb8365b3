package io.github.promexport.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.github.promexport.runtime.PrometheusExporterEndpoint;
import io.quarkus.test.QuarkusUnitTest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The application really starves itself: every worker thread of the Quarkus pool waits in a blocking handler and
 * the only event loop is blocked by a handler that never yields. The main metrics route then cannot answer, and
 * the dedicated port still answers 200 within a second.
 */
class DedicatedPortSurvivesWorkerStarvationTest {

    private static final int WORKERS = 2;
    private static final CountDownLatch RELEASE = new CountDownLatch(1);
    private static final CountDownLatch WORKERS_BUSY = new CountDownLatch(WORKERS);
    private static final CountDownLatch EVENT_LOOP_BUSY = new CountDownLatch(1);
    private static final Set<String> WORKER_THREADS = ConcurrentHashMap.newKeySet();
    private static final CountDownLatch EXTRA_WORKER_STARTED = new CountDownLatch(WORKERS + 1);

    @RegisterExtension
    static final QuarkusUnitTest app = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Http.class, StarvingRoutes.class))
            .overrideConfigKey("quarkus.http.test-port", "0")
            .overrideConfigKey("quarkus.thread-pool.core-threads", "1")
            .overrideConfigKey("quarkus.thread-pool.max-threads", String.valueOf(WORKERS))
            .overrideConfigKey("quarkus.vertx.event-loops-pool-size", "1")
            // The event loop is blocked on purpose: keep Vert.x's blocked-thread warnings out of the log.
            .overrideConfigKey("quarkus.vertx.max-event-loop-execute-time", "60s")
            .overrideConfigKey("quarkus.vertx.max-worker-execute-time", "60s")
            .overrideRuntimeConfigKey("quarkus.prometheus.export.port", "0");

    @Inject
    PrometheusExporterEndpoint endpoint;

    @ApplicationScoped
    static class StarvingRoutes {

        void register(@Observes Router router) {
            router.get("/block-worker").blockingHandler(StarvingRoutes::blockWorker, false);
            router.get("/block-event-loop").handler(StarvingRoutes::blockEventLoop);
        }

        private static void blockWorker(RoutingContext context) {
            WORKER_THREADS.add(Thread.currentThread().getName());
            WORKERS_BUSY.countDown();
            EXTRA_WORKER_STARTED.countDown();
            awaitRelease();
            context.response().end("released");
        }

        private static void blockEventLoop(RoutingContext context) {
            EVENT_LOOP_BUSY.countDown();
            awaitRelease();
            context.response().end("released");
        }

        private static void awaitRelease() {
            try {
                RELEASE.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Test
    void dedicatedPortAnswersWithinOneSecondWhileTheMainRouteDoesNot() throws Exception {
        int httpPort = ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class);
        URI base = URI.create("http://localhost:" + httpPort);
        URI mainMetrics = base.resolve("/q/metrics");
        URI dedicated = endpoint.url().orElseThrow();
        assertEquals(200, Http.get(mainMetrics, Duration.ofSeconds(10)).statusCode(), "the main route works before");
        // Warm up (class loading, JIT) so that the one-second bound below measures starvation, not a cold start.
        assertEquals(200, Http.get(dedicated, Duration.ofSeconds(10)).statusCode());

        List<CompletableFuture<HttpResponse<String>>> blocked = new ArrayList<>();
        try {
            for (int i = 0; i < WORKERS + 1; i++) {
                blocked.add(Http.getAsync(base.resolve("/block-worker"), Duration.ofSeconds(90)));
            }
            assertTrue(WORKERS_BUSY.await(10, TimeUnit.SECONDS), "every worker thread is busy");
            assertFalse(EXTRA_WORKER_STARTED.await(500, TimeUnit.MILLISECONDS),
                    "a request beyond the pool waits: the pool is saturated, workers " + WORKER_THREADS);
            assertTrue(WORKER_THREADS.stream().allMatch(name -> name.startsWith("executor-thread-")),
                    "the blocked threads are the Quarkus worker pool: " + WORKER_THREADS);

            blocked.add(Http.getAsync(base.resolve("/block-event-loop"), Duration.ofSeconds(90)));
            assertTrue(EVENT_LOOP_BUSY.await(10, TimeUnit.SECONDS), "the event loop is blocked");

            long start = System.nanoTime();
            HttpResponse<String> scrape = Http.get(dedicated, Duration.ofSeconds(1));
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertEquals(200, scrape.statusCode());
            assertTrue(scrape.body().contains("jvm_threads_live_threads"), scrape.body());
            assertTrue(millis < 1000, "answered in " + millis + " ms");

            assertThrows(HttpTimeoutException.class, () -> Http.get(mainMetrics, Duration.ofSeconds(2)),
                    "the main route cannot answer while the application is starved");
        } finally {
            RELEASE.countDown();
        }
        for (CompletableFuture<HttpResponse<String>> request : blocked) {
            assertEquals("released", request.get(30, TimeUnit.SECONDS).body());
        }
    }
}
