package io.github.promexport.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The packaged demo with a fixed exporter port and a file_sd directory, as an operator runs it: after
 * {@code kill -9} and a restart on the same port and directory there is exactly one target file, the new process's;
 * two live processes keep both their files.
 */
class FileSdSurvivesKillAcrossProcessesIT {

    private static final Duration START = Duration.ofSeconds(60);

    private final List<DemoProcess> processes = new ArrayList<>();
    private final Path directory = Path.of("target", "file-sd", getClass().getSimpleName()).toAbsolutePath();

    @BeforeEach
    void emptyDirectory() throws IOException {
        if (Files.exists(directory)) {
            try (Stream<Path> files = Files.walk(directory)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(file);
                }
            }
        }
        Files.createDirectories(directory);
    }

    @AfterEach
    void stopAll() throws InterruptedException {
        for (DemoProcess process : processes) {
            process.close();
        }
    }

    @Test
    void restartAfterKill9LeavesExactlyOneTargetFileAndLiveProcessesKeepTheirs() throws Exception {
        int port = DemoProcess.freePortBlock(1);
        DemoProcess first = start("file-sd-first", port);
        List<Path> before = targetFiles();
        assertEquals(1, before.size(), before::toString);
        assertTrue(Files.readString(before.get(0)).contains("\"pid\":\"" + first.pid() + "\""));

        first.process.destroyForcibly();
        assertEquals(137, first.awaitExit(Duration.ofSeconds(30)), "killed by SIGKILL");
        assertEquals(before, targetFiles(), "a killed process cannot remove its file");

        DemoProcess restarted = start("file-sd-restarted", port);
        List<Path> after = targetFiles();
        assertEquals(1, after.size(), () -> "exactly one target for 127.0.0.1:" + port + ": " + after);
        String content = Files.readString(after.get(0));
        assertTrue(content.contains("\"pid\":\"" + restarted.pid() + "\""), content);
        assertTrue(content.contains("\"127.0.0.1:" + port + "\""), content);
        assertTrue(after.get(0).getFileName().toString().contains("-" + restarted.pid() + "-"), after::toString);

        DemoProcess second = start("file-sd-second", DemoProcess.freePortBlock(1));
        List<Path> both = targetFiles();
        assertEquals(2, both.size(), both::toString);
        assertTrue(both.contains(after.get(0)), "the live process's file is kept: " + both);
        assertTrue(restarted.process.isAlive() && second.process.isAlive());

        restarted.close();
        second.close();
        assertEquals(List.of(), targetFiles(), "a clean stop removes each file");
    }

    private DemoProcess start(String name, int port) throws Exception {
        DemoProcess process = DemoProcess.start(name, Map.of(
                "quarkus.prometheus.export.port", Integer.toString(port),
                "quarkus.prometheus.export.address", "127.0.0.1",
                "quarkus.prometheus.export.file-sd.directory", directory.toString()));
        processes.add(process);
        assertTrue(process.awaitStarted(START), () -> name + " did not start:\n" + logOf(process));
        assertEquals(port, process.exporterPort());
        assertFalse(targetFiles().isEmpty());
        return process;
    }

    private List<Path> targetFiles() throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".json")).sorted().toList();
        }
    }

    private static String logOf(DemoProcess process) {
        try {
            return process.log();
        } catch (IOException e) {
            return e.toString();
        }
    }
}
