package dev.twistlet.web.hosting;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.container.Suspended;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;

/** A JAX-RS resource class, run by Jersey inside a ServletResource in tests. */
@Path("hello")
public class HelloApi {
    /** A JSON body. */
    public static class Greeting {
        public String name;
        public String text;

        /** For Jackson. */
        public Greeting() {
        }

        Greeting(String name, String text) {
            this.name = name;
            this.text = text;
        }
    }

    /** @return plain text */
    @GET
    @Produces(MediaType.TEXT_PLAIN)
    public String hello() {
        return "hello from Jersey";
    }

    /** @param name from the path @return a JSON greeting */
    @GET
    @Path("{name}")
    @Produces(MediaType.APPLICATION_JSON)
    public Greeting greet(@PathParam("name") String name) {
        return new Greeting(name, "Hello, " + name + "!");
    }

    /** @param greeting posted JSON @return it, changed */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Greeting echo(Greeting greeting) {
        return new Greeting(greeting.name, greeting.text.toUpperCase(java.util.Locale.ROOT));
    }

    /** @param uri the request's URIs @return the base URI Jersey computed */
    @GET
    @Path("base/uri")
    @Produces(MediaType.TEXT_PLAIN)
    public String base(@Context UriInfo uri) {
        return uri.getBaseUri().toString();
    }

    /** @param response resumed later, from another thread */
    @GET
    @Path("async/later")
    @Produces(MediaType.TEXT_PLAIN)
    public void later(@Suspended AsyncResponse response) {
        Thread thread = new Thread(() -> {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            response.resume("resumed on " + Thread.currentThread().getName());
        }, "jersey-resumer");
        thread.start();
    }
}
