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

    static final String GROUPS = "hello,scale,copy,churn,scrape,starvation,startup";

    final Path benchDir;
    final int rounds;
    final int seconds;
    final String heap;
    final Map<String, String> opts;
    final List<String> report = new ArrayList<>();
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    Bench(Path benchDir, int rounds, int seconds, String heap, Map<String, String> opts) {
        this.benchDir = benchDir;
        this.rounds = rounds;
        this.seconds = seconds;
        this.heap = heap;
        this.opts = opts;
    }

    int[] seriesOption(String key, String defaults) {
        return java.util.Arrays.stream(opts.getOrDefault(key, defaults).split(",")).map(String::trim)
                .mapToInt(Integer::parseInt).toArray();
    }

    int intOption(String key, int defaultValue) {
        return Integer.parseInt(opts.getOrDefault(key, Integer.toString(defaultValue)));
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = new LinkedHashMap<>();
        for (String arg : args) {
            String[] kv = arg.replaceFirst("^--", "").split("=", 2);
            opts.put(kv[0], kv.length > 1 ? kv[1] : "true");
        }
        Path benchDir = Path.of(opts.getOrDefault("bench-dir", "bench")).toAbsolutePath();
        if (opts.containsKey("help")) {
            System.out.println(USAGE);
            return;
        }
        Bench bench = new Bench(benchDir, Integer.parseInt(opts.getOrDefault("rounds", "3")),
                Integer.parseInt(opts.getOrDefault("seconds", "5")), opts.getOrDefault("heap", "512m"), opts);
        List<String> only = List.of(opts.getOrDefault("only", GROUPS).split(","));
        for (String group : only) {
            if (!List.of(GROUPS.split(",")).contains(group)) {
                throw new IllegalArgumentException("--only=" + group + ": unknown group; valid: " + GROUPS);
            }
        }
        List<String> shown = new ArrayList<>();
        for (String arg : args) {
            if (!arg.startsWith("--bench-dir")) {
                shown.add(arg);
            }
        }
        long started = System.nanoTime();
        bench.header(String.join(" ", shown));
        Path out = Path.of(opts.getOrDefault("out", "bench/target/results.md"));
        try {
            for (String group : GROUPS.split(",")) {
                if (!only.contains(group)) {
                    continue;
                }
                String before = loadAverage();
                switch (group) {
                    case "hello" -> bench.helloOverhead();
                    case "scale" -> bench.scale();
                    case "copy" -> bench.copyLimit();
                    case "churn" -> bench.churn();
                    case "scrape" -> bench.scrapes();
                    case "starvation" -> bench.starvation();
                    default -> bench.startupAndMemory();
                }
                bench.report.add("<sub>Load average (1, 5, 15 min) before this section: " + before + "; after: "
                        + loadAverage() + ".</sub>");
                bench.report.add("");
            }
            bench.report.add("Whole run: " + Math.round((System.nanoTime() - started) / 60e9) + " min.");
        } finally {
            // what was measured is kept even when a later section fails
            Files.createDirectories(out.toAbsolutePath().getParent());
            Files.writeString(out, String.join("\n", bench.report) + "\n");
            System.out.println(String.join("\n", bench.report));
            System.out.println("\nwritten to " + out);
        }
    }

    static final String USAGE = """
            bench/run [options]: ours, theirs (quarkus-micrometer-registry-prometheus) and none side by side.
              --only=GROUPS        comma-separated, default all: hello,scale,copy,churn,scrape,starvation,startup
                                   hello: server CPU per /hello request; scale: scrape time, throughput and heap
                                   per series at --scale-series; copy: ours against a pre-rendered byte array;
                                   churn: scrapes/s when 1 % of meters change before each scrape; scrape: formats
                                   and concurrency at 1k/10k; starvation; startup
              --rounds=3           interleaved rounds per measurement
              --seconds=5          seconds per load point
              --heap=512m          -Xmx/-Xms of every application up to 100k series
              --big-heap=2g        -Xmx/-Xms above 100k series
              --scale-series=10000,100000,1000000
              --copy-series=10000,100000   --churn-series=10000,100000   --churn-percent=1
              --hello-rounds=N     rounds of the CPU-per-request measurement (default max(rounds, 5))
              --out=FILE           the markdown section (default bench/target/results.md)
              --svg=FILE           the scale chart (default docs/benchmarks-scrape.svg)
            """;

    void header(String args) throws IOException, InterruptedException {
        report.add("Measured on " + LocalDate.now() + ": " + Runtime.getRuntime().availableProcessors() + " cores ("
                + cpuModel() + "), " + System.getProperty("java.vm.name") + " " + System.getProperty("java.version")
                + ", wrk " + wrkVersion() + "; heap -Xms=-Xmx " + heap + " for every application (" + bigHeap()
                + " above 100k series); " + rounds + " interleaved rounds of " + seconds
                + " s per load point. Load average when the run started: " + loadAverage() + ".");
        report.add("");
        report.add("Command: `bench/run" + (args.isEmpty() ? "" : " " + args) + "`");
        report.add("");
    }

    String bigHeap() {
        return opts.getOrDefault("big-heap", "2g");
    }

    String heapFor(int series) {
        return series > 100_000 ? bigHeap() : heap;
    }

    static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return parts[0] + ", " + parts[1] + ", " + parts[2];
        } catch (IOException e) {
            return "unknown";
        }
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

    /**
     * Server CPU per /hello request: the application's user + system time (from /proc) over a wrk run, divided by
     * the requests wrk completed. Unlike requests/s it does not depend on how much CPU other processes leave the
     * application, so it holds on a shared machine.
     */
    void helloOverhead() throws Exception {
        Map<String, List<Double>> cpu = new LinkedHashMap<>();
        Map<String, List<Double>> rps = new LinkedHashMap<>();
        int helloRounds = intOption("hello-rounds", Math.max(rounds, 5));
        for (int round = 0; round < helloRounds; round++) {
            List<String> order = new ArrayList<>(List.of("none", "ours", "theirs"));
            Collections.rotate(order, round);
            for (String variant : order) {
                try (App app = App.start(this, variant, 1000, List.of())) {
                    String url = app.mainUrl() + "/hello";
                    Wrk.run(url, 16, Math.max(3, seconds), null); // warm-up: JIT and pools
                    long before = app.cpuTicks();
                    Wrk measured = Wrk.run(url, 16, seconds * 2, null);
                    long ticks = app.cpuTicks() - before;
                    cpu.computeIfAbsent(variant, k -> new ArrayList<>()).add(ticks * 10_000.0 / measured.requests);
                    rps.computeIfAbsent(variant, k -> new ArrayList<>()).add(measured.requestsPerSecond);
                }
            }
        }
        report.add("### Request overhead: server CPU per `/hello` request");
        report.add("");
        report.add("wrk, 16 connections, " + seconds * 2 + " s after a warm-up, " + helloRounds
                + " interleaved rounds; HTTP server metrics on in ours and theirs (their defaults). CPU is the"
                + " application's user + system time from `/proc/<pid>/stat` divided by the requests served.");
        report.add("");
        report.add("| variant | CPU µs per request | none / variant (CPU) | requests/s | variant / none (req/s) |");
        report.add("| --- | --- | --- | --- | --- |");
        for (String variant : List.of("none", "ours", "theirs")) {
            report.add("| " + variant + " | " + stat(cpu.get(variant)) + " | **" + ratio(cpu.get("none"), cpu.get(variant))
                    + "** | " + stat(rps.get(variant)) + " | " + ratio(rps.get(variant), rps.get("none")) + " |");
        }
        report.add("");
        report.add("Ours / theirs, CPU per request: **" + ratio(cpu.get("ours"), cpu.get("theirs")) + "**.");
        report.add("");
    }

    // ---------------------------------------------------------------- scale

    /**
     * At each size: the first scrape after startup (ours builds its layout then), later scrapes (sequential,
     * median), throughput with wrk for sizes up to 100k (one scraper), and the heap after GC with the
     * application's own heap at 0 series subtracted.
     */
    void scale() throws Exception {
        int[] sizes = seriesOption("scale-series", "10000,100000,1000000");
        Map<String, List<Double>> first = new LinkedHashMap<>();
        Map<String, List<Double>> later = new LinkedHashMap<>();
        Map<String, List<Double>> throughput = new LinkedHashMap<>();
        Map<String, List<Double>> heapUsed = new LinkedHashMap<>();
        Map<String, Double> bytes = new LinkedHashMap<>();
        int scaleRounds = intOption("scale-rounds", rounds);
        for (int round = 0; round < scaleRounds; round++) {
            List<String> order = round % 2 == 0 ? List.of("ours", "theirs") : List.of("theirs", "ours");
            for (String variant : order) {
                try (App app = App.start(this, variant, 0, List.of())) {
                    app.timedScrape("/q/metrics");
                    heapUsed.computeIfAbsent(variant + "|0", k -> new ArrayList<>())
                            .add(Double.parseDouble(app.post("/bench/heap")));
                }
            }
            for (int series : sizes) {
                for (String variant : order) {
                    String key = variant + "|" + series;
                    try (App app = App.start(this, variant, series, List.of())) {
                        double[] firstScrape = app.timedScrape("/q/metrics");
                        first.computeIfAbsent(key, k -> new ArrayList<>()).add(firstScrape[0]);
                        bytes.put(key, firstScrape[1]);
                        List<Double> times = new ArrayList<>();
                        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
                        while (times.size() < 3 || (System.nanoTime() < until && times.size() < 200)) {
                            times.add(app.timedScrape("/q/metrics")[0]);
                        }
                        later.computeIfAbsent(key, k -> new ArrayList<>()).add(median(times));
                        double perSecond = 1000 / median(times);
                        if (series <= 100_000) {
                            perSecond = Wrk.run(app.mainUrl() + "/q/metrics", 1, seconds, "Accept: " + TEXT).requestsPerSecond;
                        }
                        throughput.computeIfAbsent(key, k -> new ArrayList<>()).add(perSecond);
                        heapUsed.computeIfAbsent(key, k -> new ArrayList<>()).add(Double.parseDouble(app.post("/bench/heap")));
                    }
                }
            }
        }
        report.add("### Scale: scrape time, throughput and heap per series");
        report.add("");
        report.add("Text format, one scraper. First scrape: the first after startup (ours builds its layout then);"
                + " later: median of sequential scrapes over " + seconds + " s (at least 3). Throughput: wrk, one"
                + " connection, " + seconds + " s, up to 100k series; above, 1 / later scrape time. Heap: used heap after"
                + " `System.gc()` (three times, the least), minus the same application's at 0 series; up to 100k series -Xmx"
                + heap + ", above -Xmx" + bigHeap() + ". " + scaleRounds + " rounds, medians.");
        report.add("");
        report.add(
                "| series | ours first / later scrape ms | theirs first / later scrape ms | ours scrapes/s | theirs scrapes/s"
                        + " | ratio | ours heap bytes/series | theirs heap bytes/series | heap ratio |");
        report.add("| --- | --- | --- | --- | --- | --- | --- | --- | --- |");
        Map<String, Double> perSeries = new LinkedHashMap<>();
        for (int series : sizes) {
            for (String variant : List.of("ours", "theirs")) {
                List<Double> used = heapUsed.get(variant + "|" + series);
                List<Double> base = heapUsed.get(variant + "|0");
                if (used != null && base != null) {
                    perSeries.put(variant + "|" + series, (median(used) - median(base)) / series);
                }
            }
            String ours = "ours|" + series;
            String theirs = "theirs|" + series;
            report.add("| " + series + " | " + f(median(first.get(ours))) + " / " + f(median(later.get(ours))) + " | "
                    + f(median(first.get(theirs))) + " / " + f(median(later.get(theirs))) + " | " + stat(throughput.get(ours))
                    + " | " + stat(throughput.get(theirs)) + " | **" + ratio(throughput.get(ours), throughput.get(theirs))
                    + "** | " + f(perSeries.get(ours)) + " | " + f(perSeries.get(theirs)) + " | **"
                    + String.format(Locale.ROOT, "%.2f", perSeries.get(ours) / perSeries.get(theirs)) + "** |");
        }
        report.add("");
        report.add("Heap at 0 series (the application alone): ours " + mib(median(heapUsed.get("ours|0"))) + ", theirs "
                + mib(median(heapUsed.get("theirs|0"))) + ". Worst scrape of ours (first or later, any round): "
                + worst(first, later, "ours", sizes) + ". Body bytes (text): "
                + java.util.Arrays.stream(sizes).mapToObj(n -> n + ": ours " + Math.round(bytes.getOrDefault("ours|" + n, 0.0))
                        + ", theirs " + Math.round(bytes.getOrDefault("theirs|" + n, 0.0)))
                        .reduce((a, b) -> a + "; " + b).orElse("-")
                + ".");
        report.add("");
        Path svg = Path.of(opts.getOrDefault("svg", "docs/benchmarks-scrape.svg"));
        Files.createDirectories(svg.toAbsolutePath().getParent());
        Files.writeString(svg, ScaleChart.render(sizes, first, later));
        report.add("![Scrape time against series count](" + svg.getFileName() + ")");
        report.add("");
    }

    static String worst(Map<String, List<Double>> first, Map<String, List<Double>> later, String variant, int[] sizes) {
        double worst = 0;
        int at = 0;
        for (int series : sizes) {
            for (Map<String, List<Double>> times : List.of(first, later)) {
                for (double t : times.getOrDefault(variant + "|" + series, List.of())) {
                    if (t > worst) {
                        worst = t;
                        at = series;
                    }
                }
            }
        }
        return f(worst) + " ms at " + at + " series";
    }

    static String mib(double bytes) {
        return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024 * 1024));
    }

    // ---------------------------------------------------------------- copy limit

    /**
     * Ours against the copy limit: the same application serves its exposition, fetched once after startup, as a
     * byte array from an event-loop route (/bench/copy). Ratio: ours / copy.
     */
    static final int COPY_WARM_UP_SECONDS = 15;

    void copyLimit() throws Exception {
        int[] sizes = seriesOption("copy-series", "10000,100000");
        Map<String, List<Double>> rps = new LinkedHashMap<>();
        Map<String, String> sizesInBytes = new LinkedHashMap<>();
        for (int series : sizes) {
            for (int round = 0; round < rounds; round++) {
                try (App app = App.start(this, "ours", series, List.of())) {
                    warmUp(app.mainUrl() + "/q/metrics");
                    String copied = app.post("/bench/copy/render");
                    sizesInBytes.put(Integer.toString(series), copied);
                    warmUp(app.mainUrl() + "/bench/copy");
                    // Fifty requests leave the scrape path to the interpreter and C1: compiling it (C2) takes
                    // thousands of 10k-series scrapes and a few cores' seconds, so the first load point measured a
                    // JVM still compiling against a byte-array copy that is compiled at once. Under load until
                    // the compilers settle, as in an application scraped for more than a minute.
                    Wrk.run(app.mainUrl() + "/q/metrics", 8, COPY_WARM_UP_SECONDS, "Accept: " + TEXT);
                    Wrk.run(app.mainUrl() + "/bench/copy", 8, COPY_WARM_UP_SECONDS / 3, "Accept: " + TEXT);
                    List<String> order = round % 2 == 0 ? List.of("ours", "copy") : List.of("copy", "ours");
                    for (int connections : new int[] { 1, 8 }) {
                        for (String variant : order) {
                            String path = variant.equals("ours") ? "/q/metrics" : "/bench/copy";
                            Wrk result = Wrk.run(app.mainUrl() + path, connections, seconds, "Accept: " + TEXT);
                            rps.computeIfAbsent(variant + "|" + series + "|" + connections, k -> new ArrayList<>())
                                    .add(result.requestsPerSecond);
                        }
                    }
                }
            }
        }
        report.add("### The copy limit: ours against serving the same bytes pre-rendered");
        report.add("");
        report.add("One application (ours); `/bench/copy` serves the exposition fetched from `/q/metrics` once after"
                + " startup, as a byte array, from an event-loop route; both warmed up with 8 connections first ("
                + COPY_WARM_UP_SECONDS + " s and " + COPY_WARM_UP_SECONDS / 3 + " s). Text format, wrk " + seconds
                + " s per point, "
                + rounds + " rounds, alternating.");
        report.add("");
        report.add("| series | scrapers | ours scrapes/s | copy scrapes/s | ours / copy | body bytes |");
        report.add("| --- | --- | --- | --- | --- | --- |");
        for (int series : sizes) {
            for (int connections : new int[] { 1, 8 }) {
                String suffix = "|" + series + "|" + connections;
                report.add("| " + series + " | " + connections + " | " + stat(rps.get("ours" + suffix)) + " | "
                        + stat(rps.get("copy" + suffix)) + " | **" + ratio(rps.get("ours" + suffix), rps.get("copy" + suffix))
                        + "** | " + sizesInBytes.get(Integer.toString(series)) + " |");
            }
        }
        report.add("");
    }

    // ---------------------------------------------------------------- churn

    /**
     * Meter churn: before each scrape, the application replaces a percentage of its counters and gauges (removed
     * from the registry, new ones registered with new label values). Scrapes/s counts the churn request too.
     */
    void churn() throws Exception {
        int[] sizes = seriesOption("churn-series", "10000,100000");
        String percent = opts.getOrDefault("churn-percent", "1");
        Map<String, List<Double>> perSecond = new LinkedHashMap<>();
        Map<String, List<Double>> steady = new LinkedHashMap<>();
        for (int series : sizes) {
            for (int round = 0; round < rounds; round++) {
                for (String variant : round % 2 == 0 ? List.of("ours", "theirs") : List.of("theirs", "ours")) {
                    try (App app = App.start(this, variant, series, List.of())) {
                        List<Double> plain = new ArrayList<>();
                        for (int i = 0; i < 5; i++) {
                            plain.add(app.timedScrape("/q/metrics")[0]);
                        }
                        steady.computeIfAbsent(variant + "|" + series, k -> new ArrayList<>()).add(median(plain));
                        for (int i = 0; i < 3; i++) { // warm-up of the churn path
                            app.post("/bench/churn?percent=" + percent);
                            app.timedScrape("/q/metrics");
                        }
                        int cycles = 0;
                        long start = System.nanoTime();
                        long until = start + TimeUnit.SECONDS.toNanos(seconds * 2L);
                        while (cycles < 3 || System.nanoTime() < until) {
                            app.post("/bench/churn?percent=" + percent);
                            app.timedScrape("/q/metrics");
                            cycles++;
                        }
                        perSecond.computeIfAbsent(variant + "|" + series, k -> new ArrayList<>())
                                .add(cycles / ((System.nanoTime() - start) / 1e9));
                    }
                }
            }
        }
        report.add("### Churn: " + percent + " % of meters replaced before every scrape");
        report.add("");
        report.add("Each cycle: `POST /bench/churn?percent=" + percent + "` (removes the oldest " + percent
                + " % of the synthetic counters and gauges and registers as many new ones, same families, new label"
                + " values), then one text scrape read to the end; cycles/s over " + seconds * 2 + " s, " + rounds
                + " rounds. Without churn: the median of five sequential scrapes of the same application.");
        report.add("");
        report.add("| series | ours cycles/s | theirs cycles/s | ratio | ours / theirs scrape ms without churn |");
        report.add("| --- | --- | --- | --- | --- |");
        for (int series : sizes) {
            report.add("| " + series + " | " + stat(perSecond.get("ours|" + series)) + " | "
                    + stat(perSecond.get("theirs|" + series)) + " | **"
                    + ratio(perSecond.get("ours|" + series), perSecond.get("theirs|" + series)) + "** | "
                    + f(median(steady.get("ours|" + series))) + " / " + f(median(steady.get("theirs|" + series))) + " |");
        }
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
            String heap = bench.heapFor(series);
            List<String> command = new ArrayList<>(List.of("java", "-Xms" + heap, "-Xmx" + heap,
                    "-Dbench.series=" + series, "-Dquarkus.http.port=" + port, "-Dquarkus.http.host=127.0.0.1"));
            command.addAll(extra);
            command.addAll(List.of("-jar",
                    bench.benchDir.resolve("app-" + variant + "/target/quarkus-app/quarkus-run.jar").toString()));
            Path log = bench.benchDir.resolve("target/app-" + variant + ".log");
            Files.createDirectories(log.getParent());
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            // an interrupted run (Ctrl-C, kill) stops the application it started, by its own process
            Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
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
            // a million meters take a while to create on a loaded machine
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(600);
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
            throw new IllegalStateException("no answer from " + path + " within 600 s");
        }

        /** User plus system CPU time of the application so far, in clock ticks (1/100 s on Linux). */
        long cpuTicks() throws IOException {
            String stat = Files.readString(Path.of("/proc/" + process.pid() + "/stat"));
            // fields after the command name, which is in parentheses and may contain spaces
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        }

        String post(String path) throws Exception {
            HttpResponse<String> response = bench.http.send(HttpRequest.newBuilder(URI.create(mainUrl() + path))
                    .POST(HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofMinutes(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(path + " answered " + response.statusCode() + ": " + response.body());
            }
            return response.body().trim();
        }

        /** One sequential scrape, body read to the end: milliseconds and bytes. */
        double[] timedScrape(String path) throws Exception {
            long start = System.nanoTime();
            HttpResponse<InputStream> response = bench.http.send(HttpRequest.newBuilder(URI.create(mainUrl() + path))
                    .header("Accept", TEXT).timeout(Duration.ofMinutes(5)).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            long bytes = 0;
            try (InputStream body = response.body()) {
                byte[] buffer = new byte[64 * 1024];
                for (int n; (n = body.read(buffer)) >= 0;) {
                    bytes += n;
                }
            }
            if (response.statusCode() != 200) {
                throw new IllegalStateException(path + " answered " + response.statusCode());
            }
            return new double[] { (System.nanoTime() - start) / 1e6, bytes };
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
        long requests;
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
            Matcher total = Pattern.compile("([0-9]+) requests in").matcher(out);
            result.requests = total.find() ? Long.parseLong(total.group(1)) : 0;
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

    /** A log-log chart of scrape time against series count, in plain SVG. */
    static final class ScaleChart {
        static final int WIDTH = 700;
        static final int HEIGHT = 400;
        static final int LEFT = 70;
        static final int RIGHT = 180;
        static final int TOP = 40;
        static final int BOTTOM = 50;

        static String render(int[] sizes, Map<String, List<Double>> first, Map<String, List<Double>> later) {
            double minX = Double.MAX_VALUE, maxX = 0, minY = Double.MAX_VALUE, maxY = 0;
            for (int series : sizes) {
                minX = Math.min(minX, series);
                maxX = Math.max(maxX, series);
                for (Map<String, List<Double>> times : List.of(first, later)) {
                    for (String variant : List.of("ours", "theirs")) {
                        List<Double> values = times.get(variant + "|" + series);
                        if (values != null) {
                            minY = Math.min(minY, median(values));
                            maxY = Math.max(maxY, median(values));
                        }
                    }
                }
            }
            double x0 = Math.floor(Math.log10(minX)), x1 = Math.max(x0 + 1, Math.ceil(Math.log10(maxX)));
            double y0 = Math.floor(Math.log10(minY)), y1 = Math.max(y0 + 1, Math.ceil(Math.log10(maxY)));
            StringBuilder svg = new StringBuilder();
            svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH).append("\" height=\"")
                    .append(HEIGHT).append("\" font-family=\"sans-serif\" font-size=\"12\">\n");
            svg.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
            svg.append("<text x=\"").append(LEFT).append("\" y=\"24\" font-size=\"14\">Scrape time against series count"
                    + " (text format, log-log, medians)</text>\n");
            double plotW = WIDTH - LEFT - RIGHT, plotH = HEIGHT - TOP - BOTTOM;
            for (double e = x0; e <= x1; e++) {
                double x = LEFT + (e - x0) / (x1 - x0) * plotW;
                svg.append(line(x, TOP, x, TOP + plotH, "#ddd", false));
                svg.append("<text x=\"").append(fmt(x)).append("\" y=\"").append(fmt(TOP + plotH + 18))
                        .append("\" text-anchor=\"middle\">").append(label(Math.pow(10, e))).append("</text>\n");
            }
            for (double e = y0; e <= y1; e++) {
                double y = TOP + plotH - (e - y0) / (y1 - y0) * plotH;
                svg.append(line(LEFT, y, LEFT + plotW, y, "#ddd", false));
                svg.append("<text x=\"").append(LEFT - 6).append("\" y=\"").append(fmt(y + 4))
                        .append("\" text-anchor=\"end\">").append(label(Math.pow(10, e))).append(" ms</text>\n");
            }
            svg.append("<text x=\"").append(fmt(LEFT + plotW / 2)).append("\" y=\"").append(HEIGHT - 10)
                    .append("\" text-anchor=\"middle\">series</text>\n");
            String[][] lines = { { "ours", "later", "#1f77b4", "" }, { "ours", "first", "#1f77b4", "6,4" },
                    { "theirs", "later", "#d62728", "" }, { "theirs", "first", "#d62728", "6,4" } };
            int legend = 0;
            for (String[] spec : lines) {
                Map<String, List<Double>> times = spec[1].equals("first") ? first : later;
                StringBuilder points = new StringBuilder();
                StringBuilder dots = new StringBuilder();
                for (int series : sizes) {
                    List<Double> values = times.get(spec[0] + "|" + series);
                    if (values == null) {
                        continue;
                    }
                    double x = LEFT + (Math.log10(series) - x0) / (x1 - x0) * plotW;
                    double y = TOP + plotH - (Math.log10(median(values)) - y0) / (y1 - y0) * plotH;
                    points.append(fmt(x)).append(',').append(fmt(y)).append(' ');
                    dots.append("<circle cx=\"").append(fmt(x)).append("\" cy=\"").append(fmt(y))
                            .append("\" r=\"3\" fill=\"").append(spec[2]).append("\"/>\n");
                }
                svg.append("<polyline fill=\"none\" stroke-width=\"2\" stroke=\"").append(spec[2]).append('"')
                        .append(spec[3].isEmpty() ? "" : " stroke-dasharray=\"" + spec[3] + "\"").append(" points=\"")
                        .append(points.toString().trim()).append("\"/>\n").append(dots);
                double ly = TOP + 10 + legend++ * 20;
                svg.append("<line x1=\"").append(fmt(LEFT + plotW + 12)).append("\" y1=\"").append(fmt(ly))
                        .append("\" x2=\"").append(fmt(LEFT + plotW + 40)).append("\" y2=\"").append(fmt(ly))
                        .append("\" stroke-width=\"2\" stroke=\"").append(spec[2]).append('"')
                        .append(spec[3].isEmpty() ? "" : " stroke-dasharray=\"" + spec[3] + "\"").append("/>\n");
                svg.append("<text x=\"").append(fmt(LEFT + plotW + 46)).append("\" y=\"").append(fmt(ly + 4))
                        .append("\">").append(spec[0]).append(", ").append(spec[1]).append(" scrape</text>\n");
            }
            svg.append(line(LEFT, TOP, LEFT, TOP + plotH, "#333", false));
            svg.append(line(LEFT, TOP + plotH, LEFT + plotW, TOP + plotH, "#333", false));
            svg.append("</svg>\n");
            return svg.toString();
        }

        static String line(double x1, double y1, double x2, double y2, String color, boolean dashed) {
            return "<line x1=\"" + fmt(x1) + "\" y1=\"" + fmt(y1) + "\" x2=\"" + fmt(x2) + "\" y2=\"" + fmt(y2)
                    + "\" stroke=\"" + color + "\"" + (dashed ? " stroke-dasharray=\"4,4\"" : "") + "/>\n";
        }

        static String fmt(double value) {
            return String.format(Locale.ROOT, "%.1f", value);
        }

        static String label(double value) {
            if (value >= 1_000_000) {
                return Math.round(value / 1_000_000) + "M";
            }
            if (value >= 1000) {
                return Math.round(value / 1000) + "k";
            }
            return value >= 1 ? Long.toString(Math.round(value)) : String.format(Locale.ROOT, "%.2g", value);
        }
    }
}
