package io.github.promexport.runtime.exporter;

import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.jboss.logging.Logger;

/**
 * This process's scrape target in a directory read by Prometheus's {@code file_sd_configs}: one JSON file per
 * process, named {@code <application>-<pid>.json}, written atomically (a temporary file in the same directory,
 * then renamed, so Prometheus never reads half a file) and deleted by {@link #close()}.
 * <p>
 * No {@code job} label is written: labels from service discovery win over the scrape configuration's
 * {@code job_name}, which should stay in charge.
 */
public final class FileSdTarget implements Closeable {

    private static final Logger LOG = Logger.getLogger(FileSdTarget.class);

    private final Path file;

    private FileSdTarget(Path file) {
        this.file = file;
    }

    /**
     * Writes the target file.
     *
     * @param target {@code host:port}, as Prometheus will scrape it
     * @param application {@code quarkus.application.name}, when set
     */
    public static FileSdTarget write(Path directory, String target, Optional<String> application, long pid)
            throws IOException {
        Files.createDirectories(directory);
        String base = application.map(FileSdTarget::fileNamePart).filter(s -> !s.isEmpty()).orElse("quarkus");
        Path file = directory.resolve(base + "-" + pid + ".json");
        Path temporary = Files.createTempFile(directory, "." + base + "-" + pid + "-", ".json.tmp");
        try {
            Files.writeString(temporary, json(target, application, pid), StandardCharsets.UTF_8);
            makeReadableByAll(temporary);
            try {
                Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
        return new FileSdTarget(file);
    }

    public Path file() {
        return file;
    }

    @Override
    public void close() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warnf(e, "Could not delete the Prometheus file_sd target %s", file);
        }
    }

    static String json(String target, Optional<String> application, long pid) {
        Map<String, String> labels = new TreeMap<>();
        application.ifPresent(name -> labels.put("application", name));
        labels.put("instance", target);
        labels.put("pid", Long.toString(pid));
        StringBuilder json = new StringBuilder("[{\"targets\":[").append(quote(target)).append("],\"labels\":{");
        String separator = "";
        for (Map.Entry<String, String> label : labels.entrySet()) {
            json.append(separator).append(quote(label.getKey())).append(':').append(quote(label.getValue()));
            separator = ",";
        }
        return json.append("}}]\n").toString();
    }

    private static String quote(String value) {
        StringBuilder quoted = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> quoted.append("\\\"");
                case '\\' -> quoted.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        quoted.append(String.format("\\u%04x", (int) c));
                    } else {
                        quoted.append(c);
                    }
                }
            }
        }
        return quoted.append('"').toString();
    }

    private static String fileNamePart(String application) {
        return application.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    /** Temporary files are private to their owner; Prometheus often runs as another user. */
    private static void makeReadableByAll(Path path) throws IOException {
        try {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-r--r--"));
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system: its default permissions apply.
        }
    }
}
