package dev.twistlet.sample;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;

/** The sample's Jersey application: one JAX-RS resource. */
@Path("hello")
public class HelloApi {

    /**
     * @param name who to greet
     * @return the greeting
     */
    @GET
    @Produces("text/plain")
    public String hello(@QueryParam("name") String name) {
        return "Hello from Jersey, " + (name == null ? "world" : name);
    }
}
