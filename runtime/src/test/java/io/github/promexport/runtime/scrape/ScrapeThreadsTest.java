package io.github.promexport.runtime.scrape;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class ScrapeThreadsTest {

    private static final int PARALLELISM = Math.max(2, Runtime.getRuntime().availableProcessors());
    private static final int ADMITTED = PARALLELISM + ScrapeThreads.WAITING_LIMIT;

    private final ExecutorService threads = ScrapeThreads.create("scrape-threads-test");
    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void stop() {
        release.countDown();
        threads.shutdownNow();
    }

    private void await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void rejectsScrapesBeyondTheLimitWhenNoneWaitsForAReader() throws InterruptedException {
        CountDownLatch started = new CountDownLatch(PARALLELISM);
        for (int i = 0; i < ADMITTED; i++) {
            threads.execute(() -> {
                started.countDown();
                await(release);
            });
        }
        assertTrue(started.await(10, TimeUnit.SECONDS));
        assertThrows(RejectedExecutionException.class, () -> threads.execute(() -> {
        }));
    }

    @Test
    void evictsTheScrapeWaitingLongestForItsReaderAndRunsOthersMeanwhile() throws InterruptedException {
        CountDownLatch waiting = new CountDownLatch(ADMITTED);
        CountDownLatch[] evicted = new CountDownLatch[ADMITTED];
        for (int i = 0; i < ADMITTED; i++) {
            CountDownLatch mine = new CountDownLatch(1);
            evicted[i] = mine;
            threads.execute(() -> {
                // Registered one after the other: the first registered is the one waiting longest.
                try (ScrapeThreads.Registration registration = ScrapeThreads.waitingForReader(mine::countDown)) {
                    waiting.countDown();
                    ForkJoinPool.managedBlock(new ForkJoinPool.ManagedBlocker() {
                        @Override
                        public boolean block() throws InterruptedException {
                            mine.await(30, TimeUnit.SECONDS);
                            return true;
                        }

                        @Override
                        public boolean isReleasable() {
                            return mine.getCount() == 0;
                        }
                    });
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            // Blocked scrapes get spare threads, so every one of them registers, in order.
            while (waiting.getCount() > ADMITTED - i - 1) {
                Thread.sleep(1);
            }
        }
        CountDownLatch ran = new CountDownLatch(1);
        threads.execute(ran::countDown);
        assertTrue(ran.await(10, TimeUnit.SECONDS), "the new scrape runs while the others wait");
        assertEquals(0, evicted[0].getCount(), "the scrape waiting longest was evicted");
        assertEquals(1, evicted[1].getCount(), "only one was evicted");
    }

    @Test
    void runsOnNamedDaemonThreads() throws InterruptedException {
        CountDownLatch ran = new CountDownLatch(1);
        Thread[] thread = new Thread[1];
        threads.execute(() -> {
            thread[0] = Thread.currentThread();
            ran.countDown();
        });
        assertTrue(ran.await(10, TimeUnit.SECONDS));
        assertTrue(thread[0].getName().matches("scrape-threads-test-\\d+"), thread[0].getName());
        assertTrue(thread[0].isDaemon());
    }
}
