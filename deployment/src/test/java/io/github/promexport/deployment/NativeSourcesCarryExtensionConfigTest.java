package io.github.promexport.deployment;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkus.test.ProdBuildResults;
import io.quarkus.test.ProdModeTestResults;
import io.quarkus.test.QuarkusProdModeTest;

/**
 * Builds the inputs of a native image ({@code quarkus.native.sources-only} needs no GraalVM) and checks that the
 * reflection the extension's libraries rely on is registered.
 */
class NativeSourcesCarryExtensionConfigTest {

    @RegisterExtension
    static final QuarkusProdModeTest build = new QuarkusProdModeTest()
            .withEmptyApplication()
            .setApplicationName("native-sources")
            .setApplicationVersion("0.1")
            .overrideConfigKey("quarkus.native.enabled", "true")
            .overrideConfigKey("quarkus.native.sources-only", "true")
            .setRun(false);

    @ProdBuildResults
    ProdModeTestResults results;

    @Test
    void reflectionConfigKeepsWhatTheExtensionLoadsByName() throws IOException {
        String reflectConfig = readRunnerEntry("META-INF/native-image/reflect-config.json");

        assertRegistered(reflectConfig, "io.prometheus.metrics.expositionformats.internal.PrometheusProtobufWriterImpl",
                "allDeclaredConstructors");
        assertRegistered(reflectConfig, "com.sun.management.OperatingSystemMXBean", "allDeclaredMethods");
        assertRegistered(reflectConfig, "com.sun.management.UnixOperatingSystemMXBean", "allDeclaredMethods");
    }

    @Test
    void exemplarAccessorsAreKeptForTheFastExposition() throws IOException {
        String reflectConfig = readRunnerEntry("META-INF/native-image/reflect-config.json");
        assertMethodRegistered(reflectConfig, "io.micrometer.prometheusmetrics.PrometheusCounter", "exemplar");
        assertMethodRegistered(reflectConfig, "io.micrometer.prometheusmetrics.PrometheusTimer", "exemplars");
        assertMethodRegistered(reflectConfig, "io.micrometer.prometheusmetrics.PrometheusDistributionSummary",
                "exemplars");
    }

    @Test
    void nativeImageArgumentsAreGenerated() throws IOException {
        Path args = results.getBuildDir().resolve("native-sources/native-image.args");
        String content = Files.readString(args);
        assertTrue(content.contains("native-sources-runner.jar"), content);
    }

    private String readRunnerEntry(String name) throws IOException {
        Path runner = results.getBuildDir().resolve("native-sources/native-sources-runner.jar");
        try (JarFile jar = new JarFile(runner.toFile())) {
            var entry = jar.getJarEntry(name);
            assertTrue(entry != null, () -> name + " is missing from " + runner);
            return new String(jar.getInputStream(entry).readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static void assertMethodRegistered(String reflectConfig, String className, String method) {
        // One JSON object per class, holding a "methods" array of {"name":..., "parameterTypes":[...]} objects.
        String classEntry = "\"name\":\"" + className + "\"";
        String methodEntry = "\"name\":\"" + method + "\"";
        for (String object : topLevelObjects(reflectConfig.replaceAll("\\s", ""))) {
            if (object.contains(classEntry) && object.contains("\"methods\"") && object.contains(methodEntry)) {
                return;
            }
        }
        throw new AssertionError(className + "." + method + " is not registered for reflection:\n" + reflectConfig);
    }

    /** The objects of a JSON array of objects (class names hold no braces). */
    private static List<String> topLevelObjects(String array) {
        List<String> objects = new ArrayList<>();
        int depth = 0;
        int start = -1;
        for (int i = 0; i < array.length(); i++) {
            char c = array.charAt(i);
            if (c == '{' && depth++ == 0) {
                start = i;
            } else if (c == '}' && --depth == 0) {
                objects.add(array.substring(start, i + 1));
            }
        }
        return objects;
    }

    private static void assertRegistered(String reflectConfig, String className, String flag) {
        // One JSON object per class; the flag may come before or after the name.
        Pattern entry = Pattern.compile("\\{[^{}]*\"name\"\\s*:\\s*\"" + Pattern.quote(className) + "\"[^{}]*}");
        var matcher = entry.matcher(reflectConfig);
        assertTrue(matcher.find(), () -> className + " is not registered for reflection");
        String object = matcher.group();
        assertTrue(object.contains("\"" + flag + "\":true"), () -> className + " lacks " + flag + ": " + object);
    }
}
