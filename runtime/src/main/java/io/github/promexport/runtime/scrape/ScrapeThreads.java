package io.github.promexport.runtime.scrape;

import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
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
 * At most {@value #WAITING_LIMIT} scrapes wait beyond one per core. When a new scrape would exceed that, the
 * scrape that has waited longest for a reader that stopped reading is evicted (its wait fails, which resets its
 * connection) to make room, so stalled readers cannot lock out a scraper that reads; only when no scrape waits for
 * a reader is the new one rejected with a {@link RejectedExecutionException}, which transports answer with
 * {@code 503} and {@code Retry-After}: a flood of scrapers gets quick answers instead of a growing backlog. Threads
 * are daemons named {@code <prefix>-N}; idle ones stop after a minute.
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
        Stalls stalls = new Stalls();
        ForkJoinPool pool = new ForkJoinPool(parallelism, daemonWorkers(namePrefix, stalls), null, true, 0, admitted + 1,
                1, p -> true, 60, TimeUnit.SECONDS);
        return new Admission(pool, admitted, stalls);
    }

    /**
     * Registers the calling scrape as waiting for its reader until the returned registration is closed; {@code evict}
     * must make that wait fail at once. On a thread that is not a scrape thread nothing is registered.
     */
    public static Registration waitingForReader(Runnable evict) {
        if (Thread.currentThread() instanceof ScrapeThread scrapeThread) {
            Stalls stalls = scrapeThread.stalls;
            stalls.add(evict);
            return () -> stalls.remove(evict);
        }
        return () -> {
        };
    }

    /** Ends a scrape's wait for its reader. */
    @FunctionalInterface
    public interface Registration extends AutoCloseable {
        @Override
        void close();
    }

    private static ForkJoinPool.ForkJoinWorkerThreadFactory daemonWorkers(String namePrefix, Stalls stalls) {
        AtomicInteger count = new AtomicInteger();
        return pool -> {
            ScrapeThread thread = new ScrapeThread(pool, stalls);
            thread.setName(namePrefix + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** A scrape thread knows the waits of its pool, so that a transport can register its own. */
    private static final class ScrapeThread extends ForkJoinWorkerThread {
        final Stalls stalls;

        ScrapeThread(ForkJoinPool pool, Stalls stalls) {
            super(pool);
            this.stalls = stalls;
        }
    }

    /** The scrapes of one pool waiting for their readers, longest waiting first. */
    private static final class Stalls {
        private final Set<Runnable> waiting = new LinkedHashSet<>();

        synchronized void add(Runnable evict) {
            waiting.add(evict);
        }

        synchronized void remove(Runnable evict) {
            waiting.remove(evict);
        }

        boolean evictLongestWaiting() {
            Runnable evict;
            synchronized (this) {
                Iterator<Runnable> longest = waiting.iterator();
                if (!longest.hasNext()) {
                    return false;
                }
                evict = longest.next();
                longest.remove();
            }
            evict.run();
            return true;
        }
    }

    /** Admits at most {@code limit} scrapes at once, running or waiting, and rejects the others. */
    private static final class Admission extends AbstractExecutorService {

        private final ForkJoinPool pool;
        private final int limit;
        private final Stalls stalls;
        private final AtomicInteger admitted = new AtomicInteger();

        Admission(ForkJoinPool pool, int limit, Stalls stalls) {
            this.pool = pool;
            this.limit = limit;
            this.stalls = stalls;
        }

        @Override
        public void execute(Runnable scrape) {
            // An evicted scrape leaves within moments: admit the new one at once, a scrape over the limit meanwhile.
            if (admitted.incrementAndGet() > limit && !stalls.evictLongestWaiting()) {
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
