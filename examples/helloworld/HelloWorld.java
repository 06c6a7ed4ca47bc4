import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The seed's {@code helloworld.application}, as a servlet. Compile it against the launcher
 * and serve it as the root, the counterpart of {@code twistd -n web --wsgi=helloworld.application}:
 *
 * <pre>
 * javac -cp launcher/target/twistlet.jar -d examples/helloworld/classes examples/helloworld/HelloWorld.java
 * ./twistlet web --servlet HelloWorld --classpath examples/helloworld/classes
 * </pre>
 */
public class HelloWorld extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType("text/plain");
        response.getWriter().print("Hello World!");
    }
}
