package io.github.promexport.micrometer.it;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.rest.client.RestClientBuilder;

/**
 * Calls the application itself through the REST client, at the address the request came in on (the port is random in
 * tests), so that quarkus-micrometer's HTTP client binder records the call.
 */
@Path("/relay")
public class RelayResource {

    private volatile GreetingClient client;

    @GET
    @Path("/{name}")
    public String relay(@PathParam("name") String name, @Context UriInfo uri) {
        GreetingClient current = client;
        if (current == null) {
            current = RestClientBuilder.newBuilder().baseUri(uri.getBaseUri()).build(GreetingClient.class);
            client = current;
        }
        return current.hello(name);
    }
}
