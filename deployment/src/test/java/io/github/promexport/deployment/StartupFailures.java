package io.github.promexport.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The one helper of negative tests: checks the failure of a build or startup, for
 * {@code QuarkusUnitTest.assertException(...)}:
 *
 * <pre>
 * static final QuarkusUnitTest app = new QuarkusUnitTest().withEmptyApplication()
 *         .overrideRuntimeConfigKey("quarkus.prometheus.export.port", "70000")
 *         .assertException(StartupFailures.causedBy(ConfigurationException.class, "quarkus.prometheus.export.port: ..."));
 * </pre>
 *
 * The exception crosses class loaders, so its type is matched by name. Causes and suppressed exceptions are
 * searched (ArC reports several validation errors as suppressed exceptions of one).
 */
public final class StartupFailures {

    private StartupFailures() {
    }

    /** A cause of this type whose message is exactly the expected one. */
    public static Consumer<Throwable> causedBy(Class<? extends Throwable> type, String expectedMessage) {
        return thrown -> assertEquals(expectedMessage, find(thrown, type).getMessage());
    }

    /** A cause of this type whose message passes the given assertions. */
    public static Consumer<Throwable> causedBy(Class<? extends Throwable> type, Consumer<String> message) {
        return thrown -> message.accept(find(thrown, type).getMessage());
    }

    private static Throwable find(Throwable thrown, Class<? extends Throwable> type) {
        List<Throwable> all = new ArrayList<>();
        collect(thrown, all);
        for (Throwable t : all) {
            if (t.getClass().getName().equals(type.getName())) {
                return t;
            }
        }
        StringBuilder seen = new StringBuilder();
        for (Throwable t : all) {
            seen.append("\n  ").append(t);
        }
        fail("Expected a " + type.getName() + " among the causes of the failure; found:" + seen, thrown);
        return null;
    }

    private static void collect(Throwable t, List<Throwable> all) {
        for (; t != null && !all.contains(t); t = t.getCause()) {
            all.add(t);
            for (Throwable suppressed : t.getSuppressed()) {
                collect(suppressed, all);
            }
        }
    }
}
