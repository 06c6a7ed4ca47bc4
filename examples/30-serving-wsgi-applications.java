// Seed section "Serving WSGI Applications" (the .tac with WSGIResource): a servlet, the WSGI
// application's counterpart, served as the root of a site on a thread pool of its own.
// Run: ./twistlet -ny examples/30-serving-wsgi-applications.java    then open http://localhost:8080/
import dev.twistlet.web.Site;
import dev.twistlet.web.hosting.ServletResource;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

// Create a thread pool: 10 threads, 100 requests waiting at most (more get 503). Its
// threads are daemons, so it stops with the server.
var servletThreadPool = ServletResource.pool("hello", 10, 100);

class Application extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws java.io.IOException {
        response.setContentType("text/plain");
        response.getWriter().print("Hello World!");
    }
}

// Create the servlet resource
var servletAppAsResource = new ServletResource(new Application(), servletThreadPool);

application.listen("tcp:8080", new Site(servletAppAsResource));
