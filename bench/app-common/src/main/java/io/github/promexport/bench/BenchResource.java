package io.github.promexport.bench;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import io.smallrye.common.annotation.Blocking;
import io.smallrye.common.annotation.NonBlocking;

/** The same endpoints in the three twin applications (ours, theirs, none). */
@Path("/")
@Produces(MediaType.TEXT_PLAIN)
public class BenchResource {

    @GET
    @Path("hello")
    @NonBlocking
    public String hello() {
        return "hello";
    }

    @GET
    @Path("hello/{name}")
    @NonBlocking
    public String helloName(@PathParam("name") String name) {
        return "hello " + name;
    }

    /** Holds a worker thread: enough of these saturate the worker pool. */
    @GET
    @Path("block/worker")
    @Blocking
    public String blockWorker(@QueryParam("ms") long millis) throws InterruptedException {
        Thread.sleep(millis);
        return "released";
    }

    /** Holds an event loop: one per event loop blocks them all. */
    @GET
    @Path("block/event-loop")
    @NonBlocking
    public String blockEventLoop(@QueryParam("ms") long millis) throws InterruptedException {
        Thread.sleep(millis);
        return "released";
    }
}
