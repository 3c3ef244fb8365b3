package io.github.promexport.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.function.Consumer;

/**
 * Checks a startup failure. The exception crosses class loaders, so its type is matched by name.
 */
final class StartupFailures {

    private StartupFailures() {
    }

    static Consumer<Throwable> causedBy(Class<? extends Throwable> type, String expectedMessage) {
        return thrown -> assertEquals(expectedMessage, find(thrown, type).getMessage());
    }

    static Consumer<Throwable> causedBy(Class<? extends Throwable> type, Consumer<String> message) {
        return thrown -> message.accept(find(thrown, type).getMessage());
    }

    private static Throwable find(Throwable thrown, Class<? extends Throwable> type) {
        for (Throwable cause = thrown; cause != null; cause = cause.getCause()) {
            if (cause.getClass().getName().equals(type.getName())) {
                return cause;
            }
        }
        fail("Expected a " + type.getName() + " among the causes of " + thrown, thrown);
        return null;
    }
}
