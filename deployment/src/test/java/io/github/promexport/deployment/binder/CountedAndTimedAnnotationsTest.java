package io.github.promexport.deployment.binder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.github.promexport.deployment.Exposition;
import io.micrometer.core.annotation.Counted;
import io.micrometer.core.annotation.Timed;
import io.micrometer.core.aop.MeterTag;
import io.quarkus.test.QuarkusUnitTest;

class CountedAndTimedAnnotationsTest {

    @RegisterExtension
    static final QuarkusUnitTest app = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Orders.class, Exposition.class));

    @ApplicationScoped
    public static class Orders {

        @Counted(value = "orders.placed", description = "Orders placed", extraTags = { "channel", "web" })
        public String place(@MeterTag(key = "region") String region, int quantity) {
            if (quantity <= 0) {
                throw new IllegalArgumentException("quantity must be positive");
            }
            return region + ":" + quantity;
        }

        @Timed(value = "orders.lookup", description = "Order lookups")
        public String lookup(@MeterTag("kind") String kind) {
            if (kind.equals("broken")) {
                throw new IllegalStateException("broken");
            }
            return kind;
        }

        @Timed("orders.async")
        public CompletionStage<String> later() {
            return CompletableFuture.supplyAsync(() -> "done");
        }
    }

    @Inject
    Orders orders;

    @Test
    void countsAndTimesWithMeterTagsAndTheException() throws Exception {
        orders.place("eu", 1);
        orders.place("eu", 2);
        assertThrows(IllegalArgumentException.class, () -> orders.place("us", 0));
        orders.lookup("by-id");
        assertThrows(IllegalStateException.class, () -> orders.lookup("broken"));
        orders.later().toCompletableFuture().get();

        String exposition = Exposition.scrape();

        String orderClass = "class=\"" + Orders.class.getName() + "\"";
        List<String> placed = Exposition.samples(exposition, "orders_placed_total", orderClass, "method=\"place\"",
                "region=\"eu\"", "channel=\"web\"", "result=\"success\"", "exception=\"none\"");
        assertEquals(1, placed.size(), exposition);
        assertEquals(2.0, Exposition.value(placed.get(0)), exposition);
        List<String> failed = Exposition.samples(exposition, "orders_placed_total", "region=\"us\"",
                "result=\"failure\"", "exception=\"IllegalArgumentException\"");
        assertEquals(1, failed.size(), exposition);

        assertEquals(1, Exposition.samples(exposition, "orders_lookup_seconds_count", "kind=\"by-id\"",
                "exception=\"none\"").size(), exposition);
        assertEquals(1, Exposition.samples(exposition, "orders_lookup_seconds_count", "kind=\"broken\"",
                "exception=\"IllegalStateException\"").size(), exposition);
        assertEquals(1, Exposition.samples(exposition, "orders_async_seconds_count", "method=\"later\"").size(),
                exposition);
        assertTrue(exposition.contains("# HELP orders_placed_total Orders placed"), exposition);
    }
}
