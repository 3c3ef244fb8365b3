package io.github.promexport.it;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * A route that always answers 500, so that the server-error panels of the Grafana dashboard and alerts on
 * {@code outcome="SERVER_ERROR"} have something to show in the demo.
 */
@Path("/fail")
@Produces(MediaType.TEXT_PLAIN)
public class FailureResource {

    @GET
    public Response fail() {
        return Response.serverError().entity("the demo's /fail route always fails").build();
    }
}
