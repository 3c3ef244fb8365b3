package io.github.promexport.it;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A process of the packaged demo application (target/quarkus-app/quarkus-run.jar), on loopback, stopped by its
 * own process id.
 */
final class DemoProcess implements AutoCloseable {

    private static final Pattern HTTP_URL = Pattern.compile("Listening on: (http://[^\\s]+)");
    private static final Pattern EXPORTER_URL = Pattern.compile("dedicated[^\\n]*?(https?://[^\\s:]+:(\\d+)/[^\\s]*)",
            Pattern.CASE_INSENSITIVE);

    final Process process;
    final Path log;

    private DemoProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    static DemoProcess start(String name, Map<String, String> properties) throws IOException {
        Path jar = Path.of("target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar.toAbsolutePath() + " is missing: run the integration tests with ./mvnw verify");
        }
        List<String> command = new ArrayList<>(List.of(javaExecutable(), "-Xmx128m", "-Dquarkus.http.port=0",
                "-Dquarkus.http.host=127.0.0.1"));
        properties.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.addAll(List.of("-jar", jar.toString()));
        Path log = Path.of("target", "processes", name + ".log");
        Files.createDirectories(log.getParent());
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new DemoProcess(process, log);
    }

    /** Waits until the application has started, or has exited (then returns false). */
    boolean awaitStarted(Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (log().contains("started in")) {
                return true;
            }
            if (!process.isAlive()) {
                return false;
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("not started within " + timeout + ":\n" + log());
    }

    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("still running after " + timeout);
        }
        return process.exitValue();
    }

    String log() throws IOException {
        return Files.exists(log) ? Files.readString(log) : "";
    }

    String httpUrl() throws IOException {
        Matcher m = HTTP_URL.matcher(log());
        if (!m.find()) {
            throw new IllegalStateException("no 'Listening on' line:\n" + log());
        }
        return m.group(1);
    }

    /** The dedicated exporter's URL, from its one INFO line. */
    String exporterUrl() throws IOException {
        Matcher m = EXPORTER_URL.matcher(log());
        if (!m.find()) {
            throw new IllegalStateException("no dedicated exporter URL logged:\n" + log());
        }
        return m.group(1);
    }

    int exporterPort() throws IOException {
        Matcher m = EXPORTER_URL.matcher(log());
        if (!m.find()) {
            throw new IllegalStateException("no dedicated exporter URL logged:\n" + log());
        }
        return Integer.parseInt(m.group(2));
    }

    long pid() {
        return process.pid();
    }

    /** Stops the process as an operator would (SIGTERM), so that its shutdown hooks run. */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** The first port of {@code count} consecutive ports that are all free on loopback right now. */
    static int freePortBlock(int count) {
        java.util.Random random = new java.util.Random();
        for (int attempt = 0; attempt < 200; attempt++) {
            int base = 20000 + random.nextInt(30000);
            boolean free = true;
            for (int port = base; port < base + count && free; port++) {
                free = canBind(port);
            }
            if (free) {
                return base;
            }
        }
        throw new IllegalStateException("no block of " + count + " free ports found");
    }

    /**
     * Whether a server could listen on the loopback port now, binding the way servers do (SO_REUSEADDR, so that
     * connections of a stopped process lingering in TIME_WAIT do not count as holding the port).
     */
    static boolean canBind(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
