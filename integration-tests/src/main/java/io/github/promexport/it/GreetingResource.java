package io.github.promexport.it;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** The demo's business endpoints, counted with the registry the extension provides. */
@Path("/hello")
@Produces(MediaType.TEXT_PLAIN)
public class GreetingResource {

    private final MeterRegistry registry;
    private final Counter greetings;

    GreetingResource(MeterRegistry registry) {
        this.registry = registry;
        this.greetings = Counter.builder("demo.greetings")
                .description("Greetings served by the demo application")
                .register(registry);
    }

    @GET
    public String hello() {
        greetings.increment();
        return "hello";
    }

    @GET
    @Path("/{name}")
    public String helloName(@PathParam("name") String name) {
        Counter.builder("demo.greetings.named")
                .description("Greetings served to a named visitor, by first letter")
                .tag("initial", name.isEmpty() ? "_" : name.substring(0, 1).toLowerCase())
                .register(registry)
                .increment();
        return "hello " + name;
    }
}
