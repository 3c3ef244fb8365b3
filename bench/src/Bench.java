import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Side-by-side benchmark of the three twin applications (ours, theirs = Quarkus's own
 * quarkus-micrometer-registry-prometheus, none = no metrics extension). Every measurement runs ours and theirs
 * interleaved (A B, then B A, ...) in the same run, on loopback, with the same heap, and reports medians, spreads
 * (min..max over rounds) and ratios ours/theirs. Load comes from wrk. Run through bench/run.
 */
public class Bench {

    static final String TEXT = "text/plain;version=0.0.4";
    static final String OPENMETRICS = "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1";

    final Path benchDir;
    final int rounds;
    final int seconds;
    final String heap;
    final List<String> report = new ArrayList<>();
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    Bench(Path benchDir, int rounds, int seconds, String heap) {
        this.benchDir = benchDir;
        this.rounds = rounds;
        this.seconds = seconds;
        this.heap = heap;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = new LinkedHashMap<>();
        for (String arg : args) {
            String[] kv = arg.replaceFirst("^--", "").split("=", 2);
            opts.put(kv[0], kv.length > 1 ? kv[1] : "true");
        }
        Path benchDir = Path.of(opts.getOrDefault("bench-dir", "bench")).toAbsolutePath();
        Bench bench = new Bench(benchDir, Integer.parseInt(opts.getOrDefault("rounds", "3")),
                Integer.parseInt(opts.getOrDefault("seconds", "5")), opts.getOrDefault("heap", "512m"));
        String only = opts.getOrDefault("only", "scrape,hello,starvation,startup");
        bench.header(String.join(" ", args));
        Path out = Path.of(opts.getOrDefault("out", "bench/target/results.md"));
        try {
            if (only.contains("scrape")) {
                bench.scrapes();
            }
            if (only.contains("hello")) {
                bench.helloOverhead();
            }
            if (only.contains("starvation")) {
                bench.starvation();
            }
            if (only.contains("startup")) {
                bench.startupAndMemory();
            }
        } finally {
            // what was measured is kept even when a later section fails
            Files.createDirectories(out.toAbsolutePath().getParent());
            Files.writeString(out, String.join("\n", bench.report) + "\n");
            System.out.println(String.join("\n", bench.report));
            System.out.println("\nwritten to " + out);
        }
    }

    void header(String args) throws IOException, InterruptedException {
        report.add("Measured on " + LocalDate.now() + ", " + Runtime.getRuntime().availableProcessors() + " cores, "
                + cpuModel() + ", " + System.getProperty("java.vm.name") + " " + System.getProperty("java.version")
                + "; heap -Xmx" + heap + " for every application; " + rounds + " interleaved rounds of " + seconds
                + " s per load point; wrk " + wrkVersion() + ".");
        report.add("");
        report.add("Command: `bench/run " + args + "`");
        report.add("");
    }

    // ---------------------------------------------------------------- scrapes

    void scrapes() throws Exception {
        for (int series : new int[] { 1000, 10000 }) {
            Map<String, List<Double>> rps = new LinkedHashMap<>();
            Map<String, List<Double>> p50 = new LinkedHashMap<>();
            Map<String, List<Double>> p99 = new LinkedHashMap<>();
            Map<String, Long> bytes = new LinkedHashMap<>();
            for (int round = 0; round < rounds; round++) {
                List<String> order = round % 2 == 0 ? List.of("ours", "theirs") : List.of("theirs", "ours");
                for (String variant : order) {
                    try (App app = App.start(this, variant, series, List.of())) {
                        String url = app.mainUrl() + "/q/metrics";
                        warmUp(url);
                        for (String format : List.of("text", "openmetrics")) {
                            String accept = format.equals("text") ? TEXT : OPENMETRICS;
                            for (int connections : new int[] { 1, 8 }) {
                                Wrk result = Wrk.run(url, connections, seconds, "Accept: " + accept);
                                String key = variant + "|" + format + "|" + connections;
                                rps.computeIfAbsent(key, k -> new ArrayList<>()).add(result.requestsPerSecond);
                                p50.computeIfAbsent(key, k -> new ArrayList<>()).add(result.p50Millis);
                                p99.computeIfAbsent(key, k -> new ArrayList<>()).add(result.p99Millis);
                            }
                        }
                        if (round == 0) {
                            bytes.put(variant + "|plain", responseBytes(url, false));
                            bytes.put(variant + "|gzip", responseBytes(url, true));
                        }
                    }
                }
            }
            report.add("### Scrapes at " + series + " series");
            report.add("");
            report.add(
                    "| format | scrapers | ours scrapes/s | theirs scrapes/s | ratio | ours p50 / p99 ms | theirs p50 / p99 ms | p99 ratio |");
            report.add("| --- | --- | --- | --- | --- | --- | --- | --- |");
            for (String format : List.of("text", "openmetrics")) {
                for (int connections : new int[] { 1, 8 }) {
                    String ours = "ours|" + format + "|" + connections;
                    String theirs = "theirs|" + format + "|" + connections;
                    report.add("| " + format + " | " + connections + " | " + stat(rps.get(ours)) + " | "
                            + stat(rps.get(theirs)) + " | **" + ratio(rps.get(ours), rps.get(theirs)) + "** | "
                            + f(median(p50.get(ours))) + " / " + f(median(p99.get(ours))) + " | "
                            + f(median(p50.get(theirs))) + " / " + f(median(p99.get(theirs))) + " | "
                            + ratio(p99.get(ours), p99.get(theirs)) + " |");
                }
            }
            report.add("");
            report.add("Response bytes (text): ours " + bytes.get("ours|plain") + ", gzipped " + bytes.get("ours|gzip")
                    + " (" + percent(bytes.get("ours|gzip"), bytes.get("ours|plain")) + "); theirs "
                    + bytes.get("theirs|plain") + ", with Accept-Encoding: gzip " + bytes.get("theirs|gzip") + " ("
                    + percent(bytes.get("theirs|gzip"), bytes.get("theirs|plain")) + ").");
            report.add("");
        }
    }

    // ---------------------------------------------------------------- request path

    void helloOverhead() throws Exception {
        Map<String, List<Double>> rps = new LinkedHashMap<>();
        for (int round = 0; round < rounds; round++) {
            List<String> order = new ArrayList<>(List.of("none", "ours", "theirs"));
            Collections.rotate(order, round);
            for (String variant : order) {
                try (App app = App.start(this, variant, 1000, List.of())) {
                    String url = app.mainUrl() + "/hello";
                    Wrk.run(url, 16, 2, null); // warm-up
                    rps.computeIfAbsent(variant, k -> new ArrayList<>())
                            .add(Wrk.run(url, 16, seconds * 2, null).requestsPerSecond);
                }
            }
        }
        report.add("### Request-path overhead: `/hello` throughput, 16 connections");
        report.add("");
        report.add("| variant | requests/s (median, min..max) | with / none |");
        report.add("| --- | --- | --- |");
        for (String variant : List.of("none", "ours", "theirs")) {
            report.add(
                    "| " + variant + " | " + stat(rps.get(variant)) + " | " + ratio(rps.get(variant), rps.get("none")) + " |");
        }
        report.add("");
        report.add("Ours/theirs on `/hello`: **" + ratio(rps.get("ours"), rps.get("theirs")) + "**.");
        report.add("");
    }

    // ---------------------------------------------------------------- starvation

    void starvation() throws Exception {
        Map<String, List<Double>> latencies = new LinkedHashMap<>();
        Map<String, int[]> failures = new LinkedHashMap<>();
        for (int round = 0; round < rounds; round++) {
            for (String blocker : List.of("worker", "event-loop")) {
                List<String> targets = new ArrayList<>(List.of("ours", "theirs", "theirs-management"));
                Collections.rotate(targets, round);
                for (String target : targets) {
                    int exporterPort = freePort();
                    int managementPort = freePort();
                    List<String> extra = switch (target) {
                        case "ours" -> List.of("-Dquarkus.prometheus.export.port=" + exporterPort,
                                "-Dquarkus.prometheus.export.address=127.0.0.1");
                        case "theirs-management" -> List.of("-Dquarkus.management.port=" + managementPort,
                                "-Dquarkus.management.host=127.0.0.1");
                        default -> List.of();
                    };
                    try (App app = App.start(this, target, 1000, extra)) {
                        Map<String, String> urls = new LinkedHashMap<>();
                        switch (target) {
                            case "ours" -> {
                                urls.put("ours, main route", app.mainUrl() + "/q/metrics");
                                urls.put("ours, dedicated port", "http://127.0.0.1:" + exporterPort + "/metrics");
                            }
                            case "theirs" -> urls.put("theirs, main route", app.mainUrl() + "/q/metrics");
                            default -> urls.put("theirs, management interface",
                                    "http://127.0.0.1:" + managementPort + "/q/metrics");
                        }
                        for (Map.Entry<String, String> entry : urls.entrySet()) {
                            warmUp(entry.getValue());
                            String key = blocker + "|" + entry.getKey();
                            List<Double> samples = latencies.computeIfAbsent(key, k -> new ArrayList<>());
                            int[] failed = failures.computeIfAbsent(key, k -> new int[2]);
                            scrapeWhileStarved(app, blocker, entry.getValue(), samples, failed);
                        }
                    }
                }
            }
        }
        report.add("### Scrapes while the application is starved (1k series)");
        report.add("");
        report.add("Worker pool: 8 threads, all held by `/block/worker`; event loops: 2, both held by `/block/event-loop`."
                + " Each scrape has a 3 s timeout; 10 scrapes per round.");
        report.add("");
        report.add("| starvation | endpoint | answered | p50 ms | p99 ms |");
        report.add("| --- | --- | --- | --- | --- |");
        for (Map.Entry<String, List<Double>> entry : latencies.entrySet()) {
            String[] key = entry.getKey().split("\\|");
            int[] failed = failures.get(entry.getKey());
            List<Double> answered = entry.getValue();
            report.add("| " + key[0] + " | " + key[1] + " | " + answered.size() + "/" + (answered.size() + failed[0])
                    + " | " + (answered.isEmpty() ? "-" : f(percentile(answered, 50))) + " | "
                    + (answered.isEmpty() ? "-" : f(percentile(answered, 99))) + " |");
        }
        report.add("");
    }

    void scrapeWhileStarved(App app, String blocker, String url, List<Double> samples, int[] failed) throws Exception {
        int holders = blocker.equals("worker") ? 12 : 8;
        long holdMillis = 6000;
        ExecutorService pool = Executors.newFixedThreadPool(holders);
        for (int i = 0; i < holders; i++) {
            // each request on its own connection, so that they spread over both event loops
            pool.submit(() -> {
                try {
                    HttpClient own = HttpClient.newBuilder().build();
                    own.send(HttpRequest.newBuilder(URI.create(app.mainUrl() + "/block/" + blocker + "?ms=" + holdMillis))
                            .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.discarding());
                } catch (Exception ignored) {
                }
                return null;
            });
        }
        Thread.sleep(500);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(holdMillis - 1500);
        int done = 0;
        while (done < 10 && System.nanoTime() < deadline) {
            long start = System.nanoTime();
            try {
                HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofSeconds(3)).build(), HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    samples.add((System.nanoTime() - start) / 1e6);
                } else {
                    failed[0]++;
                }
            } catch (IOException e) {
                failed[0]++;
            }
            done++;
            Thread.sleep(100);
        }
        pool.shutdown();
        pool.awaitTermination(30, TimeUnit.SECONDS);
    }

    // ---------------------------------------------------------------- startup and memory

    void startupAndMemory() throws Exception {
        Map<String, List<Double>> startup = new LinkedHashMap<>();
        Map<String, List<Double>> rss = new LinkedHashMap<>();
        for (int round = 0; round < rounds; round++) {
            for (String variant : round % 2 == 0 ? List.of("ours", "theirs") : List.of("theirs", "ours")) {
                long start = System.nanoTime();
                try (App app = App.start(this, variant, 10000, List.of())) {
                    startup.computeIfAbsent(variant, k -> new ArrayList<>()).add(app.firstScrapeMillis(start));
                    Wrk.run(app.mainUrl() + "/q/metrics", 8, seconds, "Accept: " + TEXT);
                    Wrk.run(app.mainUrl() + "/hello", 16, seconds, null);
                    rss.computeIfAbsent(variant, k -> new ArrayList<>()).add(app.rssMegabytes());
                }
            }
        }
        report.add("### Startup and memory (10k series)");
        report.add("");
        report.add("| | ours | theirs | ratio |");
        report.add("| --- | --- | --- | --- |");
        report.add(
                "| launch to first successful scrape, ms | " + stat(startup.get("ours")) + " | " + stat(startup.get("theirs"))
                        + " | " + ratio(startup.get("ours"), startup.get("theirs")) + " |");
        report.add("| resident memory after scrape and /hello load, MiB | " + stat(rss.get("ours")) + " | "
                + stat(rss.get("theirs")) + " | " + ratio(rss.get("ours"), rss.get("theirs")) + " |");
        report.add("");
    }

    // ---------------------------------------------------------------- helpers

    void warmUp(String url) throws Exception {
        for (int i = 0; i < 50; i++) {
            http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding());
        }
    }

    long responseBytes(String url, boolean gzip) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Accept", TEXT);
        if (gzip) {
            request.header("Accept-Encoding", "gzip");
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray()).body().length;
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException ignored) {
        }
        return "unknown CPU";
    }

    static String wrkVersion() throws IOException, InterruptedException {
        Process process = new ProcessBuilder("wrk", "-v").redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor();
        Matcher m = Pattern.compile("wrk (\\S+)").matcher(out);
        return m.find() ? m.group(1) : "?";
    }

    static double median(List<Double> values) {
        return percentile(values, 50);
    }

    static double percentile(List<Double> values, double p) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    static String stat(List<Double> values) {
        if (values == null || values.isEmpty()) {
            return "-";
        }
        return f(median(values)) + " (" + f(Collections.min(values)) + ".." + f(Collections.max(values)) + ")";
    }

    static String ratio(List<Double> a, List<Double> b) {
        if (a == null || b == null || a.isEmpty() || b.isEmpty()) {
            return "-";
        }
        return String.format(Locale.ROOT, "%.2f", median(a) / median(b));
    }

    static String percent(Long part, Long whole) {
        return part == null || whole == null ? "-" : String.format(Locale.ROOT, "%.1f %%", 100.0 * part / whole);
    }

    static String f(double value) {
        return value >= 100 ? String.format(Locale.ROOT, "%.0f", value) : String.format(Locale.ROOT, "%.2f", value);
    }

    /** One twin application, started on loopback and stopped by its own process id. */
    static final class App implements AutoCloseable {
        final Process process;
        final int port;
        final Bench bench;

        private App(Bench bench, Process process, int port) {
            this.bench = bench;
            this.process = process;
            this.port = port;
        }

        static App start(Bench bench, String variant, int series, List<String> extra) throws Exception {
            int port = freePort();
            List<String> command = new ArrayList<>(List.of("java", "-Xms" + bench.heap, "-Xmx" + bench.heap,
                    "-Dbench.series=" + series, "-Dquarkus.http.port=" + port, "-Dquarkus.http.host=127.0.0.1"));
            command.addAll(extra);
            command.addAll(List.of("-jar",
                    bench.benchDir.resolve("app-" + variant + "/target/quarkus-app/quarkus-run.jar").toString()));
            Path log = bench.benchDir.resolve("target/app-" + variant + ".log");
            Files.createDirectories(log.getParent());
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            App app = new App(bench, process, port);
            try {
                app.awaitUp();
            } catch (Exception e) {
                app.close(); // never leave an application running behind a failed start
                throw e;
            }
            return app;
        }

        String mainUrl() {
            return "http://127.0.0.1:" + port;
        }

        void awaitUp() throws Exception {
            firstAnswerMillis("/hello", System.nanoTime());
        }

        double firstScrapeMillis(long launchedAt) throws Exception {
            return firstAnswerMillis("/q/metrics", launchedAt);
        }

        double firstAnswerMillis(String path, long launchedAt) throws Exception {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("application exited with " + process.exitValue());
                }
                try {
                    HttpResponse<Void> response = bench.http.send(HttpRequest.newBuilder(URI.create(mainUrl() + path))
                            .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
                    if (response.statusCode() == 200) {
                        return (System.nanoTime() - launchedAt) / 1e6;
                    }
                } catch (IOException notYet) {
                }
                Thread.sleep(10);
            }
            throw new IllegalStateException("no answer from " + path + " within 60 s");
        }

        double rssMegabytes() throws IOException {
            for (String line : Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
            return Double.NaN;
        }

        @Override
        public void close() throws Exception {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    /** One wrk run: requests per second and latency percentiles. */
    static final class Wrk {
        double requestsPerSecond;
        double p50Millis;
        double p99Millis;

        static Wrk run(String url, int connections, int seconds, String header) throws Exception {
            List<String> command = new ArrayList<>(List.of("wrk", "-t" + Math.min(2, connections), "-c" + connections,
                    "-d" + seconds + "s", "--latency", "--timeout", "10s"));
            if (header != null) {
                command.addAll(List.of("-H", header));
            }
            command.add(url);
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out;
            try (InputStream in = process.getInputStream()) {
                out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            process.waitFor();
            Wrk result = new Wrk();
            Matcher rps = Pattern.compile("Requests/sec:\\s+([0-9.]+)").matcher(out);
            if (!rps.find()) {
                throw new IllegalStateException("unexpected wrk output:\n" + out);
            }
            result.requestsPerSecond = Double.parseDouble(rps.group(1));
            result.p50Millis = latency(out, "50%");
            result.p99Millis = latency(out, "99%");
            if (out.contains("Non-2xx")) {
                throw new IllegalStateException("non-2xx answers from " + url + ":\n" + out);
            }
            return result;
        }

        static double latency(String out, String percentile) {
            Matcher m = Pattern.compile(Pattern.quote(percentile) + "\\s+([0-9.]+)(us|ms|s)").matcher(out);
            if (!m.find()) {
                return Double.NaN;
            }
            double value = Double.parseDouble(m.group(1));
            return switch (m.group(2)) {
                case "us" -> value / 1000;
                case "s" -> value * 1000;
                default -> value;
            };
        }
    }
}
