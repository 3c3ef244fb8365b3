package io.github.promexport.runtime.exporter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSdTargetTest {

    private static final String HOST = "build-host";

    @TempDir
    Path directory;

    /** pid to start time (epoch ms); absent pids are not running. */
    private final Map<Long, Long> running = new ConcurrentHashMap<>();
    private final FileSdTarget.Processes processes = pid -> running.containsKey(pid)
            ? OptionalLong.of(running.get(pid))
            : OptionalLong.empty();

    private FileSdTarget write(String target, Optional<String> application, long pid) throws IOException {
        return FileSdTarget.write(directory, target, "http", "/metrics", application, pid, processes, HOST);
    }

    @Test
    void writesOneTargetNamedByApplicationHostPidAndStart() throws IOException {
        running.put(4242L, 1_700_000_000_123L);
        FileSdTarget target = FileSdTarget.write(directory.resolve("targets"), "127.0.0.1:9400", "https", "/prom",
                Optional.of("shop api"), 4242, processes, "my host");
        assertEquals(directory.resolve("targets").resolve("shop_api@my_host-4242-1700000000123.json"), target.file());
        assertEquals("[{\"targets\":[\"127.0.0.1:9400\"],\"labels\":{\"__metrics_path__\":\"/prom\",\"__scheme__\":\"https\","
                + "\"application\":\"shop api\","
                + "\"instance\":\"127.0.0.1:9400\",\"pid\":\"4242\"}}]\n", Files.readString(target.file()));
        assertEquals(PosixFilePermissions.fromString("rw-r--r--"), Files.getPosixFilePermissions(target.file()));
    }

    @Test
    void leavesNoTemporaryFileAndDeletesTheTargetOnClose() throws IOException {
        running.put(7L, 1000L);
        FileSdTarget target = write("[::1]:9400", Optional.empty(), 7);
        assertEquals(List.of("quarkus@build-host-7-1000.json"), names());
        target.close();
        assertFalse(Files.exists(target.file()));
        assertEquals(List.of(), names());
    }

    @Test
    void removesTheFileOfAProcessThatIsGone() throws IOException {
        running.put(8L, 5000L);
        file("app@build-host-7-1000.json", FileSdTarget.json("h:1", "http", "/metrics", Optional.of("app"), 7));
        write("h:2", Optional.of("app"), 8);
        assertEquals(List.of("app@build-host-8-5000.json"), names());
    }

    @Test
    void removesTheFileOfAReusedPid() throws IOException {
        running.put(7L, 900_000L);
        running.put(8L, 5000L);
        file("app@build-host-7-1000.json", FileSdTarget.json("h:1", "http", "/metrics", Optional.of("app"), 7));
        write("h:2", Optional.of("app"), 8);
        assertEquals(List.of("app@build-host-8-5000.json"), names());
    }

    @Test
    void removesTheFileOfAnEarlierProcessWithThisPid() throws IOException {
        running.put(7L, 5000L);
        file("app@build-host-7-1000.json", FileSdTarget.json("h:1", "http", "/metrics", Optional.of("app"), 7));
        write("h:2", Optional.of("app"), 7);
        assertEquals(List.of("app@build-host-7-5000.json"), names());
    }

    @Test
    void keepsTheFileOfALiveProcessWhoseStartIsSeenSlightlyApart() throws IOException {
        running.put(7L, 1000L + FileSdTarget.START_TOLERANCE_MILLIS);
        running.put(8L, 5000L);
        file("other@build-host-7-1000.json", FileSdTarget.json("h:1", "http", "/metrics", Optional.of("other"), 7));
        write("h:2", Optional.of("app"), 8);
        assertEquals(List.of("app@build-host-8-5000.json", "other@build-host-7-1000.json"), names());
    }

    @Test
    void removesTheFileOfALiveProcessWhoseUserWeCannotSeeWhenItNamesOurPort() throws IOException {
        running.put(8L, 5000L);
        Path entry = file("app@build-host-7-1000.json", FileSdTarget.json("h:1", "http", "/metrics", Optional.of("app"), 7));
        UserPrincipal someoneElse = () -> "someone-else";
        assertNotNull(FileSdTarget.staleness(entry, "h:1", 8, 5000, HOST, processes, someoneElse));
    }

    @Test
    void keepsFilesOfOtherHosts() throws IOException {
        running.put(8L, 5000L);
        file("app@other-host-7-1000.json", FileSdTarget.json("other-host:1", "http", "/metrics", Optional.of("app"), 7));
        write("build-host:1", Optional.of("app"), 8);
        assertEquals(List.of("app@build-host-8-5000.json", "app@other-host-7-1000.json"), names());
    }

    @Test
    void removesAnyFileInOurFormatNamingThisHostAndPortForAnotherPid() throws IOException {
        running.put(7L, 1000L);
        running.put(8L, 5000L);
        // An older naming without host and start, and another host name for the same target.
        file("app-6.json", FileSdTarget.json("h:1", "http", "/metrics", Optional.of("app"), 6));
        file("app@alias-7-1000.json", FileSdTarget.json("h:1", "http", "/metrics", Optional.of("app"), 7));
        // Not ours to judge: another target, and a hand-written file without the pid label.
        file("app-5.json", FileSdTarget.json("h:5", "http", "/metrics", Optional.of("app"), 5));
        file("static.json", "[{\"targets\":[\"h:1\"]}]\n");
        write("h:1", Optional.of("app"), 8);
        assertEquals(List.of("app-5.json", "app@build-host-8-5000.json", "static.json"), names());
    }

    @Test
    void removesTemporaryFilesOfProcessesThatAreGoneOnly() throws IOException {
        running.put(8L, 5000L);
        running.put(9L, 6000L);
        file(".app@build-host-7-1000-123456.json.tmp", "[");
        file(".app@build-host-9-6000-123456.json.tmp", "[");
        write("h:2", Optional.of("app"), 8);
        assertEquals(List.of(".app@build-host-9-6000-123456.json.tmp", "app@build-host-8-5000.json"), names());
    }

    @Test
    void leavesFilesNotInOurFormatAlone() throws IOException {
        running.put(8L, 5000L);
        file("targets.json", "not json at all");
        file("README", "hello");
        file("app@build-host-x-1.json", "[");
        file(".other.json.tmp", "[");
        write("h:2", Optional.of("app"), 8);
        assertEquals(List.of(".other.json.tmp", "README", "app@build-host-8-5000.json", "app@build-host-x-1.json",
                "targets.json"), names());
    }

    @Test
    void aFileOfAnotherUserWhoseProcessIsInvisibleIsKept() throws IOException {
        Path entry = file("app@build-host-7-1000.json", FileSdTarget.json("h:1", "http", "/metrics", Optional.of("app"), 7));
        UserPrincipal someoneElse = () -> "someone-else";
        assertNull(FileSdTarget.staleness(entry, "h:2", 8, 5000, HOST, processes, someoneElse));
        UserPrincipal owner = Files.getOwner(entry);
        assertNotNull(FileSdTarget.staleness(entry, "h:2", 8, 5000, HOST, processes, owner));
    }

    @Test
    void processesStartedTogetherKeepEachOthersFiles() throws Exception {
        int count = 8;
        for (long pid = 100; pid < 100 + count; pid++) {
            running.put(pid, 10_000L + pid);
        }
        file("app@build-host-99-1000.json", FileSdTarget.json("h:99", "http", "/metrics", Optional.of("app"), 99));
        ExecutorService threads = Executors.newFixedThreadPool(count);
        try {
            CyclicBarrier together = new CyclicBarrier(count);
            List<Future<FileSdTarget>> written = new ArrayList<>();
            for (long pid = 100; pid < 100 + count; pid++) {
                long self = pid;
                written.add(threads.submit(() -> {
                    together.await(10, TimeUnit.SECONDS);
                    return write("h:" + self, Optional.of("app"), self);
                }));
            }
            for (Future<FileSdTarget> target : written) {
                assertTrue(Files.exists(target.get(30, TimeUnit.SECONDS).file()));
            }
        } finally {
            threads.shutdownNow();
        }
        List<String> names = names();
        assertEquals(count, names.size(), names::toString);
        assertFalse(names.contains("app@build-host-99-1000.json"));
    }

    @Test
    void systemProcessesKnowThisProcessAndForgetAnExitedOne() throws Exception {
        long self = ProcessHandle.current().pid();
        assertEquals(ProcessHandle.current().info().startInstant().orElseThrow().toEpochMilli(),
                FileSdTarget.SYSTEM.startMillis(self).orElseThrow());
        Process exited = new ProcessBuilder("true").start();
        assertTrue(exited.waitFor(10, TimeUnit.SECONDS));
        assertTrue(FileSdTarget.SYSTEM.startMillis(exited.pid()).isEmpty());
    }

    @Test
    void escapesJson() {
        assertEquals("[{\"targets\":[\"h:1\"],\"labels\":{\"__metrics_path__\":\"/a\\\"b\",\"__scheme__\":\"http\","
                + "\"application\":\"a\\\"b\\\\c\\u0001\",\"instance\":\"h:1\",\"pid\":\"1\"}}]\n",
                FileSdTarget.json("h:1", "http", "/a\"b", Optional.of("a\"b\\c\u0001"), 1));
    }

    private Path file(String name, String content) throws IOException {
        return Files.writeString(directory.resolve(name), content);
    }

    private List<String> names() throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
