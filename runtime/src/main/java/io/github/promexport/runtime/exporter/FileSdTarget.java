package io.github.promexport.runtime.exporter;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.jboss.logging.Logger;

/**
 * This process's scrape target in a directory read by Prometheus's {@code file_sd_configs}: one JSON file per
 * process, written atomically (a temporary file in the same directory, then renamed, so Prometheus never reads half
 * a file) and deleted by {@link #close()}.
 * <p>
 * The file is named {@code <application>@<host>-<pid>-<start>.json}, {@code start} being the process's start time
 * in epoch milliseconds, so that a file outlives a crash ({@code kill -9}, OOM killer) without doubling the
 * target: before writing its own, a starting process removes
 * <ul>
 * <li>files of this host whose process is gone: no process with that pid, or one that started at another time
 * (the pid was reused);</li>
 * <li>any file in this format naming the same {@code host:port} for another pid: we hold that port now, so no other
 * process serves it.</li>
 * </ul>
 * Otherwise a file of a live process is never removed, nor a file of another host (a directory shared across
 * hosts), nor a file of another user whose process this one cannot see ({@code hidepid}), nor anything not in this
 * format.
 * <p>
 * Besides {@code instance}, {@code pid} and {@code application}, each target carries {@code __scheme__} and
 * {@code __metrics_path__}, so that Prometheus scrapes the exporter's own scheme and path whatever its scrape
 * configuration says. No {@code job} label is written: labels from service discovery win over the scrape
 * configuration's {@code job_name}, which should stay in charge.
 */
public final class FileSdTarget implements Closeable {

    private static final Logger LOG = Logger.getLogger(FileSdTarget.class);

    static final Pattern NAME = Pattern.compile("(?<base>[^@]+)@(?<host>.+)-(?<pid>[0-9]{1,18})-(?<start>[0-9]{1,18})\\.json");
    static final Pattern TEMPORARY = Pattern
            .compile("\\.(?<base>[^@]+)@(?<host>.+)-(?<pid>[0-9]{1,18})-(?<start>[0-9]{1,18})-[0-9]*\\.json\\.tmp");
    private static final Pattern TARGET = Pattern.compile("^\\[\\{\"targets\":\\[\"((?:[^\"\\\\]|\\\\.)*)\"\\]");
    private static final Pattern PID_LABEL = Pattern.compile("\"pid\":\"([0-9]{1,18})\"");
    /** Larger files are not ours: ours hold one target and five labels. */
    private static final long MAX_OWN_FILE = 64 * 1024;
    /**
     * The JDK derives a start time from the boot time, which the kernel recomputes from the wall clock: two JVMs may
     * see the same process's start a little apart. A pid reused within this window would need the pids to wrap
     * around in under two seconds.
     */
    static final long START_TOLERANCE_MILLIS = 2000;

    /** Process start times, as epoch milliseconds: empty when no such process is visible. */
    interface Processes {
        OptionalLong startMillis(long pid);
    }

    static final Processes SYSTEM = pid -> ProcessHandle.of(pid).flatMap(h -> h.info().startInstant())
            .map(start -> OptionalLong.of(start.toEpochMilli())).orElseGet(
                    () -> ProcessHandle.of(pid).isPresent() ? OptionalLong.of(0) : OptionalLong.empty());

    private final Path file;

    private FileSdTarget(Path file) {
        this.file = file;
    }

    /**
     * Removes what crashed processes left behind, then writes the target file of this process.
     *
     * @param target {@code host:port}, as Prometheus will scrape it
     * @param scheme {@code http} or {@code https}, written as {@code __scheme__}
     * @param metricsPath the exporter's path, written as {@code __metrics_path__}
     * @param application {@code quarkus.application.name}, when set
     * @param pid this process's id
     */
    public static FileSdTarget write(Path directory, String target, String scheme, String metricsPath,
            Optional<String> application, long pid) throws IOException {
        return write(directory, target, scheme, metricsPath, application, pid, SYSTEM, localHostName());
    }

    static FileSdTarget write(Path directory, String target, String scheme, String metricsPath,
            Optional<String> application, long pid, Processes processes, String host) throws IOException {
        Files.createDirectories(directory);
        String base = application.map(FileSdTarget::fileNamePart).filter(s -> !s.isEmpty()).orElse("quarkus");
        String hostPart = fileNamePart(host);
        long start = processes.startMillis(pid).orElse(0);
        String name = base + "@" + hostPart + "-" + pid + "-" + start;
        removeStale(directory, target, pid, start, hostPart, processes);
        Path file = directory.resolve(name + ".json");
        Path temporary = Files.createTempFile(directory, "." + name + "-", ".json.tmp");
        try {
            Files.writeString(temporary, json(target, scheme, metricsPath, application, pid), StandardCharsets.UTF_8);
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

    private static void removeStale(Path directory, String target, long pid, long start, String host,
            Processes processes) throws IOException {
        List<Path> entries;
        try (Stream<Path> list = Files.list(directory)) {
            entries = list.filter(Files::isRegularFile).sorted().toList();
        }
        UserPrincipal self = currentUser(directory);
        for (Path entry : entries) {
            String reason = staleness(entry, target, pid, start, host, processes, self);
            if (reason != null) {
                try {
                    if (Files.deleteIfExists(entry)) {
                        LOG.debugf("Removed the Prometheus file_sd target %s: %s", entry, reason);
                    }
                } catch (IOException e) {
                    LOG.warnf("Could not remove the stale Prometheus file_sd target %s (%s): %s", entry, reason, e);
                }
            }
        }
    }

    /** Why {@code entry} is stale, or {@code null} when it must stay. */
    static String staleness(Path entry, String target, long pid, long start, String host, Processes processes,
            UserPrincipal self) {
        String fileName = entry.getFileName().toString();
        Matcher name = NAME.matcher(fileName);
        if (!name.matches()) {
            name = TEMPORARY.matcher(fileName);
        }
        if (name.matches() && name.group("host").equals(host)) {
            String gone = processGone(entry, Long.parseLong(name.group("pid")), Long.parseLong(name.group("start")), pid,
                    start, processes, self);
            if (gone != null) {
                return gone;
            }
        }
        return fileName.endsWith(".json") ? namesOurTarget(entry, target, pid) : null;
    }

    /** Why the process that wrote a file of this host is gone, or {@code null} when it runs or cannot be seen. */
    private static String processGone(Path entry, long filePid, long fileStart, long pid, long start,
            Processes processes, UserPrincipal self) {
        if (filePid == pid) {
            // This process's own name is replaced by the rename; any other start is an earlier process.
            return fileStart == start ? null : "written by an earlier process with this process's pid " + pid;
        }
        OptionalLong running = processes.startMillis(filePid);
        if (running.isEmpty()) {
            // Another user's process may be hidden from us (/proc mounted with hidepid): then we cannot tell.
            return ownedByAnother(entry, self) ? null : "process " + filePid + " is gone";
        }
        long runningStart = running.getAsLong();
        if (fileStart != 0 && runningStart != 0 && Math.abs(runningStart - fileStart) > START_TOLERANCE_MILLIS) {
            return "process " + filePid + " is gone (its pid now belongs to a process started at "
                    + Instant.ofEpochMilli(runningStart) + ")";
        }
        return null;
    }

    /**
     * Whether a file in our format (any naming: an older version's, another host name) targets the {@code host:port}
     * this process now holds, for another pid: no other process can serve that port, so the file is stale.
     */
    private static String namesOurTarget(Path entry, String target, long pid) {
        String content = readSmall(entry);
        if (content == null) {
            return null;
        }
        Matcher fileTarget = TARGET.matcher(content);
        Matcher filePid = PID_LABEL.matcher(content);
        if (fileTarget.find() && filePid.find() && unquote(fileTarget.group(1)).equals(target)
                && !filePid.group(1).equals(Long.toString(pid))) {
            return "it names " + target + ", which this process serves now (pid " + filePid.group(1)
                    + " is not this process)";
        }
        return null;
    }

    private static String readSmall(Path entry) {
        try {
            if (Files.size(entry) > MAX_OWN_FILE) {
                return null;
            }
            return Files.readString(entry, StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            // Unreadable, vanished, or not UTF-8: not ours to judge.
            return null;
        }
    }

    private static String unquote(String jsonString) {
        return jsonString.replace("\\\"", "\"").replace("\\\\", "\\");
    }

    private static UserPrincipal currentUser(Path directory) {
        try {
            return directory.getFileSystem().getUserPrincipalLookupService()
                    .lookupPrincipalByName(System.getProperty("user.name"));
        } catch (IOException | UnsupportedOperationException e) {
            return null;
        }
    }

    private static boolean ownedByAnother(Path entry, UserPrincipal self) {
        if (self == null) {
            return true;
        }
        try {
            return !Files.getOwner(entry).equals(self);
        } catch (IOException | UnsupportedOperationException e) {
            return true;
        }
    }

    private static String localHostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }

    static String json(String target, String scheme, String metricsPath, Optional<String> application, long pid) {
        Map<String, String> labels = new TreeMap<>();
        // Prometheus scrapes a discovered target with the scheme and path of these labels, so neither a custom
        // export path nor HTTPS needs a matching scrape_config; like every label starting with "__", they are
        // dropped from the stored series.
        labels.put("__metrics_path__", metricsPath);
        labels.put("__scheme__", scheme);
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
