package io.github.promexport.micrometer.it;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

@Path("/hello")
public class GreetingResource {

    @GET
    @Path("/{name}")
    public String hello(@PathParam("name") String name) {
        return "hello " + name;
    }
}
