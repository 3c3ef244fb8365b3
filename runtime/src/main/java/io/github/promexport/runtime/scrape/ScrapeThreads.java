package io.github.promexport.runtime.scrape;

import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads that run scrapes, apart from the event loops and from the application's worker pool.
 * <p>
 * A scrape is CPU-bound while it renders, so one thread per core runs scrapes (at least two, so that one slow
 * scrape does not hold up the next). It then writes, and a scraper that stops reading makes the writing thread
 * wait for it (for a bounded time, see the transports' output streams). Such a wait must not take a core's
 * worth of scraping away from every other scraper: the pool is a {@link ForkJoinPool}, and transports wait
 * through {@link ForkJoinPool#managedBlock}, which starts a spare thread to keep one runnable thread per core.
 * <p>
 * At most {@value #WAITING_LIMIT} scrapes wait beyond one per core; more are rejected with a
 * {@link RejectedExecutionException}, which transports answer with {@code 503} and {@code Retry-After}, so a flood
 * of scrapers gets quick answers instead of a growing backlog. Threads are daemons named {@code <prefix>-N}; idle
 * ones stop after a minute.
 */
public final class ScrapeThreads {

    /** Scrapes admitted beyond one per core: queued, or waiting for a reader. */
    static final int WAITING_LIMIT = 64;

    private ScrapeThreads() {
    }

    public static ExecutorService create(String namePrefix) {
        int parallelism = Math.max(2, Runtime.getRuntime().availableProcessors());
        int admitted = parallelism + WAITING_LIMIT;
        // FIFO (asyncMode) like a queue; a spare thread for every admitted scrape that waits for its reader, so
        // compensation never runs out before admission does; saturate (p -> true) instead of failing if it would.
        ForkJoinPool pool = new ForkJoinPool(parallelism, daemonWorkers(namePrefix), null, true, 0, admitted, 1,
                p -> true, 60, TimeUnit.SECONDS);
        return new Admission(pool, admitted);
    }

    private static ForkJoinPool.ForkJoinWorkerThreadFactory daemonWorkers(String namePrefix) {
        AtomicInteger count = new AtomicInteger();
        return pool -> {
            ForkJoinWorkerThread thread = new ForkJoinWorkerThread(pool) {
            };
            thread.setName(namePrefix + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** Admits at most {@code limit} scrapes at once, running or waiting, and rejects the others. */
    private static final class Admission extends AbstractExecutorService {

        private final ForkJoinPool pool;
        private final int limit;
        private final AtomicInteger admitted = new AtomicInteger();

        Admission(ForkJoinPool pool, int limit) {
            this.pool = pool;
            this.limit = limit;
        }

        @Override
        public void execute(Runnable scrape) {
            if (admitted.incrementAndGet() > limit) {
                admitted.decrementAndGet();
                throw new RejectedExecutionException(limit + " scrapes are already running or waiting");
            }
            try {
                pool.execute(() -> {
                    try {
                        scrape.run();
                    } finally {
                        admitted.decrementAndGet();
                    }
                });
            } catch (RejectedExecutionException e) {
                admitted.decrementAndGet();
                throw e;
            }
        }

        @Override
        public void shutdown() {
            pool.shutdown();
        }

        @Override
        public List<Runnable> shutdownNow() {
            return pool.shutdownNow();
        }

        @Override
        public boolean isShutdown() {
            return pool.isShutdown();
        }

        @Override
        public boolean isTerminated() {
            return pool.isTerminated();
        }

        @Override
        public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
            return pool.awaitTermination(timeout, unit);
        }
    }
}
