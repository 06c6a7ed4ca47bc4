// The websocket-echo scenario's Twistlet peer (twistlet web --resource-script): the README's
// echo WebSocketResource at /echo. cache() keeps the tree, so the script runs once, not on
// every upgrade; each connection still gets a protocol of its own.
import dev.twistlet.web.Resource;
import dev.twistlet.web.websocket.WebSocketProtocol;
import dev.twistlet.web.websocket.WebSocketResource;
import dev.twistlet.web.websocket.WebSocketTransport;

class Echo implements WebSocketProtocol {
    private WebSocketTransport transport;

    @Override
    public void negotiationStarted(WebSocketTransport transport) {
        this.transport = transport;
    }

    @Override
    public void textMessageReceived(String text) {
        transport.sendTextMessage(text);
    }
}

Resource root = new Resource();
root.putChild("echo", new WebSocketResource(request -> new Echo()));
resource = root;
cache();
