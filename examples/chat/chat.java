// A chat room over WebSockets: the page at / is the client, /chat the room. Every text a
// socket sends goes to every other open socket, prefixed with the sender's name, a name
// like "user-1" kept in the sender's HTTP session (the page's GET gives it one).
// Run: ./twistlet -ny examples/chat/chat.java    then open http://localhost:8080/ in two tabs
import dev.twistlet.web.Request;
import dev.twistlet.web.Resource;
import dev.twistlet.web.Session;
import dev.twistlet.web.Site;
import dev.twistlet.web.websocket.WebSocketProtocol;
import dev.twistlet.web.websocket.WebSocketResource;
import dev.twistlet.web.websocket.WebSocketTransport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Gives each session a name, user-1, user-2, ..., kept in its "chat.name" attribute. */
class Names {
    private final AtomicInteger next = new AtomicInteger();

    String of(Session session) {
        session.getLock().lock();
        try {
            Object name = session.getAttribute("chat.name");
            if (name == null) {
                name = "user-" + next.incrementAndGet();
                session.setAttribute("chat.name", name);
            }
            return (String) name;
        } finally {
            session.getLock().unlock();
        }
    }
}

/** The open sockets; what one says goes to all the others. */
class Room {
    private final Set<WebSocketTransport> members = ConcurrentHashMap.newKeySet();

    void join(WebSocketTransport member) {
        members.add(member);
    }

    void leave(WebSocketTransport member) {
        members.remove(member);
    }

    void say(WebSocketTransport sender, String line) {
        for (WebSocketTransport member : members) {
            if (member != sender && member.isOpen()) {
                member.sendTextMessage(line);
            }
        }
    }
}

/** One member's connection: joins, is welcomed by name, speaks, leaves. */
class Member implements WebSocketProtocol {
    private final Room room;
    private final String name;
    private WebSocketTransport transport;

    Member(Room room, String name) {
        this.room = room;
        this.name = name;
    }

    @Override
    public void negotiationStarted(WebSocketTransport transport) {
        this.transport = transport;
        room.join(transport);
        transport.sendTextMessage("* you are " + name);
    }

    @Override
    public void textMessageReceived(String text) {
        room.say(transport, name + ": " + text);
    }

    @Override
    public void connectionLost(Throwable reason) {
        room.leave(transport);
    }
}

/** The client page, index.html beside this script; its GET names the session. */
class Page extends Resource {
    private final Path html;
    private final Names names;

    Page(Path html, Names names) {
        this.html = html;
        this.names = names;
    }

    @Override
    public Object renderGet(Request request) {
        names.of(request.getSession());
        request.setHeader("Content-Type", "text/html; charset=utf-8");
        try {
            return Files.readAllBytes(html);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}

var names = new Names();
var room = new Room();
var root = new Resource();
root.putChild("", new Page(file.resolveSibling("index.html"), names));
root.putChild("chat", new WebSocketResource(request -> new Member(room, names.of(request.getSession()))));
application.listen("tcp:8080", new Site(root));
