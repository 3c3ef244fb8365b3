package io.github.promexport.deployment.binder;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.github.promexport.deployment.Exposition;
import io.quarkus.test.QuarkusUnitTest;

class ExceptionTagOnServerErrorTest {

    @RegisterExtension
    static final QuarkusUnitTest app = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(FailingResource.class, InventoryUnavailableException.class,
                    Exposition.class));

    public static class InventoryUnavailableException extends RuntimeException {
        public InventoryUnavailableException(String message) {
            super(message);
        }
    }

    @Path("/orders/{id}")
    public static class FailingResource {
        @GET
        public String order(@PathParam("id") String id) {
            throw new InventoryUnavailableException("no stock for " + id);
        }
    }

    @Test
    void recordsTheExceptionOfAFailedRequest() {
        given().get("/orders/42").then().statusCode(500);

        String exposition = Exposition.scrape();

        List<String> failed = Exposition.samples(exposition, "http_server_requests_seconds_count",
                "uri=\"/orders/{id}\"", "status=\"500\"", "outcome=\"SERVER_ERROR\"",
                "exception=\"InventoryUnavailableException\"");
        assertEquals(1, failed.size(), exposition);
        assertEquals(1.0, Exposition.value(failed.get(0)), exposition);
    }
}
