package io.github.promexport.runtime.exporter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSdTargetTest {

    @TempDir
    Path directory;

    @Test
    void writesOneTargetWithApplicationInstanceAndPidLabels() throws IOException {
        FileSdTarget target = FileSdTarget.write(directory.resolve("targets"), "127.0.0.1:9400", Optional.of("shop api"),
                4242);
        assertEquals(directory.resolve("targets").resolve("shop_api-4242.json"), target.file());
        assertEquals("[{\"targets\":[\"127.0.0.1:9400\"],\"labels\":{\"application\":\"shop api\","
                + "\"instance\":\"127.0.0.1:9400\",\"pid\":\"4242\"}}]\n", Files.readString(target.file()));
        assertEquals(PosixFilePermissions.fromString("rw-r--r--"), Files.getPosixFilePermissions(target.file()));
    }

    @Test
    void leavesNoTemporaryFileAndDeletesTheTargetOnClose() throws IOException {
        FileSdTarget target = FileSdTarget.write(directory, "[::1]:9400", Optional.empty(), 7);
        assertEquals(List.of(directory.resolve("quarkus-7.json")), list());
        target.close();
        assertFalse(Files.exists(target.file()));
        assertTrue(list().isEmpty());
    }

    @Test
    void replacesATargetLeftByAnEarlierProcessWithTheSamePid() throws IOException {
        Files.writeString(directory.resolve("app-7.json"), "stale");
        FileSdTarget target = FileSdTarget.write(directory, "host:1", Optional.of("app"), 7);
        assertTrue(Files.readString(target.file()).contains("\"host:1\""));
    }

    @Test
    void escapesJson() {
        assertEquals("[{\"targets\":[\"h:1\"],\"labels\":{\"application\":\"a\\\"b\\\\c\\u0001\",\"instance\":\"h:1\","
                + "\"pid\":\"1\"}}]\n", FileSdTarget.json("h:1", Optional.of("a\"b\\c\u0001"), 1));
    }

    private List<Path> list() throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.toList();
        }
    }
}
