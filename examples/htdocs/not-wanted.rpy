// Seed section "Knowing When We're Not Wanted": the page is finished ten seconds later; a
// client that leaves first is told to the resource by notifyFinish, which prints "error".
// Run: ./twistlet web --path examples/htdocs    then open http://localhost:8080/not-wanted.rpy
// and close the tab before ten seconds: the server prints the error.
import dev.twistlet.web.Request;
import dev.twistlet.web.Resource;
import java.time.Duration;

class ExampleResource extends Resource {
    @Override
    public Object renderGet(Request request) {
        request.write("hello world");
        request.notifyFinish().whenComplete((done, error) -> System.out.println(
                error == null ? "finished normally" : "error: " + error.getMessage()));
        request.getSite().callLater(Duration.ofSeconds(10), request::finish);
        return NOT_DONE_YET;
    }
}

resource = new ExampleResource();
