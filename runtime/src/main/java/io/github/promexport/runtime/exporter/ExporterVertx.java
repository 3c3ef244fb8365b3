package io.github.promexport.runtime.exporter;

import java.util.concurrent.TimeUnit;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.file.FileSystemOptions;
import io.vertx.core.impl.VertxBuilder;
import io.vertx.core.impl.VertxThread;
import io.vertx.core.spi.VertxThreadFactory;

/**
 * The exporter's own Vert.x instance, apart from the application's: one event loop that accepts connections,
 * reads requests and writes responses without ever blocking, so an idle, half-open or slow client costs no
 * thread. The application's event loops and worker pool can all be stuck and this one still answers; scrapes
 * themselves run on the exporter's scrape threads, never here.
 * <p>
 * Threads: {@code prometheus-exporter-eventloop-0} and {@code prometheus-exporter-acceptor-0} (Vert.x binds
 * server sockets on an acceptor loop of its own), both daemons, and a {@code vertx-blocked-thread-checker}
 * timer (its name is fixed by Vert.x) that warns when the event loop is blocked for more than 2 s. The worker
 * and internal blocking pools are sized 1 and start no thread unless used; nothing here uses them. File caching
 * and class-path resolving are off, so no {@code vertx-cache} directory is created.
 */
final class ExporterVertx {

    static final String THREAD_PREFIX = "prometheus-exporter-";

    private ExporterVertx() {
    }

    static Vertx create() {
        VertxOptions options = new VertxOptions()
                .setEventLoopPoolSize(1)
                .setWorkerPoolSize(1)
                .setInternalBlockingPoolSize(1)
                .setUseDaemonThread(true)
                .setPreferNativeTransport(false)
                .setFileSystemOptions(new FileSystemOptions().setFileCachingEnabled(false)
                        .setClassPathResolvingEnabled(false));
        // The public Vertx.builder() cannot name threads; Quarkus names its own the same way, through the internal
        // builder's thread factory.
        return new VertxBuilder(options).threadFactory(new NamedThreads()).init().vertx();
    }

    /** {@code vert.x-eventloop-thread-0} becomes {@code prometheus-exporter-eventloop-0}. */
    static String threadName(String vertxName) {
        String name = vertxName.startsWith("vert.x-") ? vertxName.substring("vert.x-".length()) : vertxName;
        return THREAD_PREFIX + name.replace("-thread-", "-");
    }

    private static final class NamedThreads implements VertxThreadFactory {
        @Override
        public VertxThread newVertxThread(Runnable target, String name, boolean worker, long maxExecTime,
                TimeUnit maxExecTimeUnit) {
            VertxThread thread = new VertxThread(target, threadName(name), worker, maxExecTime, maxExecTimeUnit);
            thread.setDaemon(true);
            return thread;
        }
    }
}
