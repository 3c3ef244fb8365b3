package io.github.promexport.runtime.scrape;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads that run scrapes, apart from the event loops and from the application's worker pool. A scrape is
 * CPU-bound, so there is one thread per core (at least two, so that one slow scrape does not hold up the next),
 * idle threads die after a minute, and a bounded queue turns a flood of scrapers into quick 503s instead of a
 * growing backlog.
 */
public final class ScrapeThreads {

    private static final int QUEUE_LIMIT = 64;

    private ScrapeThreads() {
    }

    public static ExecutorService create(String namePrefix) {
        int threads = Math.max(2, Runtime.getRuntime().availableProcessors());
        ThreadPoolExecutor executor = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(QUEUE_LIMIT), daemonThreads(namePrefix));
        executor.allowCoreThreadTimeOut(true);
        return executor;
    }

    public static ThreadFactory daemonThreads(String namePrefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, namePrefix + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
