package io.github.promexport.deployment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A throw-away PostgreSQL server for tests: a fresh cluster made by {@code initdb} in a temporary directory,
 * started by {@code pg_ctl} on {@code 127.0.0.1} and a free port, with one database and one password-protected
 * user. {@link #close()} stops it by the process id it wrote into {@code postmaster.pid} (a fast shutdown,
 * {@code SIGINT}, then {@code SIGKILL} if it is still running after 30 s) and deletes the directory.
 *
 * <pre>
 * try (PostgresServer postgres = PostgresServer.start()) {
 *     DriverManager.getConnection(postgres.jdbcUrl(), postgres.username(), postgres.password());
 *     postgres.psql("create table item (id int)");
 * }
 * </pre>
 *
 * In a {@code QuarkusTestResourceLifecycleManager}, return {@link #datasourceConfig()} from {@code start()} and
 * call {@link #close()} from {@code stop()}.
 * <p>
 * The binaries come from {@code -Dpostgres.bindir=/path/to/bin}, else {@code pg_config --bindir}, else the newest
 * {@code /usr/lib/postgresql/<version>/bin} (Debian's {@code postgresql} package does not put them on the
 * {@code PATH}), else the {@code PATH}. {@code initdb} refuses to run as root: when this JVM runs as root, the
 * directory is given to the {@code postgres} user and the server's commands run as that user through
 * {@code runuser}. A JVM shutdown hook stops a server a test forgot to close.
 */
public final class PostgresServer implements AutoCloseable {

    /** The database, user and password every server gets. */
    public static final String DATABASE = "promexport";
    public static final String USERNAME = "promexport";
    public static final String PASSWORD = "promexport-secret";

    private static final String SERVER_USER = "postgres";
    private static final int START_ATTEMPTS = 5;

    private final Path bin;
    private final Path base;
    private final Path data;
    private final boolean root;
    private final Thread shutdownHook = new Thread(this::stopQuietly, "postgres-test-server-stop");
    private int port;
    private long pid = -1;
    private boolean closed;

    private PostgresServer(Path bin, Path base, boolean root) {
        this.bin = bin;
        this.base = base;
        this.data = base.resolve("data");
        this.root = root;
    }

    /** Creates, starts and returns a server; fails with the server's own output when it cannot. */
    public static PostgresServer start() throws IOException, InterruptedException {
        Path bin = binaries();
        Path base = Files.createTempDirectory("promexport-pg");
        boolean root = ((Integer) Files.getAttribute(base, "unix:uid")) == 0;
        PostgresServer server = new PostgresServer(bin, base, root);
        try {
            server.initialize();
            server.launch();
            server.createDatabase();
        } catch (IOException | InterruptedException | RuntimeException e) {
            server.close();
            throw e;
        }
        Runtime.getRuntime().addShutdownHook(server.shutdownHook);
        return server;
    }

    /** {@code jdbc:postgresql://127.0.0.1:<port>/promexport} */
    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE;
    }

    public String username() {
        return USERNAME;
    }

    public String password() {
        return PASSWORD;
    }

    public String database() {
        return DATABASE;
    }

    public String host() {
        return "127.0.0.1";
    }

    public int port() {
        return port;
    }

    /** The server's process id, from {@code postmaster.pid}. */
    public long pid() {
        return pid;
    }

    /**
     * The default datasource's configuration for this server: {@code quarkus.datasource.db-kind},
     * {@code .jdbc.url}, {@code .username}, {@code .password}.
     */
    public Map<String, String> datasourceConfig() {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("quarkus.datasource.db-kind", "postgresql");
        config.put("quarkus.datasource.jdbc.url", jdbcUrl());
        config.put("quarkus.datasource.username", USERNAME);
        config.put("quarkus.datasource.password", PASSWORD);
        return config;
    }

    /**
     * Runs SQL with {@code psql} (over TCP, as the test user, stopping at the first error) and returns its
     * unaligned, tuples-only output, e.g. {@code "3"} for {@code select count(*) from item}.
     */
    public String psql(String sql) throws IOException, InterruptedException {
        return run(false, Map.of("PGPASSWORD", PASSWORD), bin.resolve("psql").toString(), "-X", "-q", "-A", "-t",
                "-v", "ON_ERROR_STOP=1", "-h", host(), "-p", Integer.toString(port), "-U", USERNAME, "-d", DATABASE,
                "-c", sql).strip();
    }

    /** Stops the server by its process id and deletes its directory. Safe to call more than once. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException | IllegalArgumentException e) {
            // The JVM is shutting down (this is the hook) or the hook was never added.
        }
        try {
            stop();
        } finally {
            deleteRecursively(base);
        }
    }

    private void stopQuietly() {
        try {
            close();
        } catch (RuntimeException e) {
            // JVM shutdown: nothing left to report to
        }
    }

    private void initialize() throws IOException, InterruptedException {
        Path passwordFile = base.resolve("password");
        Files.writeString(passwordFile, PASSWORD + "\n", StandardCharsets.UTF_8);
        if (root) {
            giveToServerUser(base);
            giveToServerUser(passwordFile);
        }
        run(root, Map.of(), bin.resolve("initdb").toString(), "-D", data.toString(), "-U", USERNAME,
                "--pwfile=" + passwordFile, "--auth=scram-sha-256", "-E", "UTF8", "--locale=C", "--no-sync");
    }

    /** Starts on a port free now; retries on another one when something took it in between. */
    private void launch() throws IOException, InterruptedException {
        IOException last = null;
        for (int attempt = 0; attempt < START_ATTEMPTS; attempt++) {
            port = freePort();
            try {
                // Sockets in the cluster's own directory: /var/run/postgresql is not writable by everyone.
                String options = "-c listen_addresses=127.0.0.1 -c port=" + port
                        + " -c unix_socket_directories=" + base
                        + " -c max_connections=50 -c fsync=off -c synchronous_commit=off -c full_page_writes=off";
                run(root, Map.of(), bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-l",
                        base.resolve("server.log").toString(), "-w", "-t", "60", "-o", options, "start");
                pid = readPid();
                return;
            } catch (IOException e) {
                last = e;
                Optional<Long> started = pidIfAny();
                if (started.isPresent()) {
                    // pg_ctl gave up waiting, the server may still be coming up: do not leave it behind.
                    pid = started.get();
                    stop();
                }
                if (!serverLog().contains("could not bind")) {
                    throw e;
                }
            }
        }
        throw last;
    }

    private void createDatabase() throws IOException, InterruptedException {
        run(false, Map.of("PGPASSWORD", PASSWORD), bin.resolve("createdb").toString(), "-h", host(), "-p",
                Integer.toString(port), "-U", USERNAME, DATABASE);
    }

    private void stop() {
        if (pid <= 0) {
            return;
        }
        Optional<ProcessHandle> server = ProcessHandle.of(pid);
        if (server.isEmpty()) {
            return;
        }
        try {
            // SIGINT is PostgreSQL's fast shutdown: it ends open sessions; SIGTERM (destroy()) would wait for them.
            new ProcessBuilder("kill", "-INT", Long.toString(pid)).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(10, TimeUnit.SECONDS);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (server.get().isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
        } catch (IOException e) {
            // kill is missing: fall through to SIGKILL
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (server.get().isAlive()) {
            server.get().destroyForcibly();
        }
        pid = -1;
    }

    private long readPid() throws IOException {
        return pidIfAny().orElseThrow(() -> new IOException("pg_ctl reported a start but " + data.resolve(
                "postmaster.pid") + " holds no process id"));
    }

    private Optional<Long> pidIfAny() {
        try {
            List<String> lines = Files.readAllLines(data.resolve("postmaster.pid"), StandardCharsets.UTF_8);
            return lines.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(lines.get(0).strip()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private String serverLog() {
        try {
            return Files.readString(base.resolve("server.log"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /** Runs a command (as the server user when asked and this JVM is root) and returns its output. */
    private String run(boolean asServerUser, Map<String, String> environment, String... command)
            throws IOException, InterruptedException {
        List<String> line = new ArrayList<>();
        if (asServerUser) {
            line.addAll(List.of("runuser", "-u", SERVER_USER, "--"));
        }
        line.addAll(List.of(command));
        Path output = Files.createTempFile(base, "command", ".out");
        ProcessBuilder builder = new ProcessBuilder(line).redirectErrorStream(true)
                // A file, not a pipe: the server that pg_ctl forks must not hold our pipe open.
                .redirectOutput(output.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File(
                        "/dev/null")));
        builder.environment().put("LC_ALL", "C");
        builder.environment().putAll(environment);
        Process process = builder.start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException(String.join(" ", line) + " did not finish within 120 s");
        }
        String text = Files.readString(output, StandardCharsets.UTF_8);
        Files.deleteIfExists(output);
        if (process.exitValue() != 0) {
            String log = serverLog();
            throw new IOException(String.join(" ", line) + " exited with " + process.exitValue() + ":\n" + text
                    + (log.isEmpty() ? "" : "\nserver log:\n" + log));
        }
        return text;
    }

    private static void giveToServerUser(Path path) throws IOException {
        UserPrincipalLookupService lookup = path.getFileSystem().getUserPrincipalLookupService();
        UserPrincipal user;
        GroupPrincipal group;
        try {
            user = lookup.lookupPrincipalByName(SERVER_USER);
            group = lookup.lookupPrincipalByGroupName(SERVER_USER);
        } catch (IOException e) {
            throw new IOException("This JVM runs as root and initdb refuses root, but there is no '" + SERVER_USER
                    + "' user to run it as: install Debian's postgresql package (it creates that user)", e);
        }
        PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class);
        view.setOwner(user);
        view.setGroup(group);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
            return socket.getLocalPort();
        }
    }

    /** The directory holding initdb, pg_ctl, createdb and psql. */
    static Path binaries() throws IOException, InterruptedException {
        String configured = System.getProperty("postgres.bindir");
        if (configured != null) {
            Path bin = Path.of(configured);
            if (!Files.isExecutable(bin.resolve("initdb"))) {
                throw new IllegalStateException("-Dpostgres.bindir=" + configured + " has no executable initdb");
            }
            return bin;
        }
        List<Path> candidates = new ArrayList<>();
        try {
            Process process = new ProcessBuilder("pg_config", "--bindir").redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0 && !out.isEmpty()) {
                candidates.add(Path.of(out));
            }
        } catch (IOException e) {
            // no pg_config: try the other places
        }
        Path debian = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(debian)) {
            try (Stream<Path> versions = Files.list(debian)) {
                versions.filter(v -> v.getFileName().toString().matches("\\d+"))
                        .sorted(Comparator.comparingInt((Path v) -> Integer.parseInt(v.getFileName().toString()))
                                .reversed())
                        .forEach(v -> candidates.add(v.resolve("bin")));
            }
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty()) {
                candidates.add(Path.of(dir));
            }
        }
        for (Path candidate : candidates) {
            if (Files.isExecutable(candidate.resolve("initdb")) && Files.isExecutable(candidate.resolve("pg_ctl"))
                    && Files.isExecutable(candidate.resolve("psql"))) {
                return candidate.toRealPath();
            }
        }
        throw new IllegalStateException("PostgreSQL is not installed (no initdb, pg_ctl and psql found through"
                + " pg_config, /usr/lib/postgresql/<version>/bin or the PATH): install Debian's postgresql package"
                + " (apt-get install -y postgresql) or pass -Dpostgres.bindir=/path/to/bin");
    }

    private static void deleteRecursively(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // A leftover temporary directory is not worth failing a test for.
        }
    }
}
