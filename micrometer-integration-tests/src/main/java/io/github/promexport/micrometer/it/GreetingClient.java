package io.github.promexport.micrometer.it;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

/** The application's own greeting endpoint, called through the REST client. */
@Path("/hello")
public interface GreetingClient {

    @GET
    @Path("/{name}")
    String hello(@PathParam("name") String name);
}
