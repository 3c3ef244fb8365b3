package io.github.promexport.runtime.binder;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

class SchedulingDelayProbeTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final AtomicReference<Runnable> pending = new AtomicReference<>();

    /** Only schedule() is used: it keeps the task so the test decides when it "runs". */
    private final ScheduledExecutorService executor = new ScheduledThreadPoolExecutor(1) {
        @Override
        public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
            pending.set(command);
            return null;
        }
    };

    @Test
    void reportsHowLateTheProbeRanAndHowOverdueThePendingOneIs() {
        SchedulingDelayProbe probe = new SchedulingDelayProbe(executor, 200_000_000L, now::get);
        probe.start();
        assertEquals(0.0, probe.delaySeconds());

        now.addAndGet(200_000_000L + 3_000_000L);
        pending.get().run();
        assertEquals(0.003, probe.delaySeconds(), 1e-9);

        // Blocked: the next probe was due 200 ms later and has not run 1.2 s later.
        now.addAndGet(1_400_000_000L);
        assertEquals(1.2, probe.delaySeconds(), 1e-9);

        pending.get().run();
        assertEquals(1.2, probe.delaySeconds(), 1e-9);
        now.addAndGet(100_000_000L);
        assertEquals(1.2, probe.delaySeconds(), 1e-9);

        executor.shutdownNow();
    }
}
