package dev.twistlet.sample;

import dev.twistlet.web.Request;
import dev.twistlet.web.Resource;
import dev.twistlet.web.Session;

/** The seed's session counter: how many times this browser has been here. */
public class SessionCounter extends Resource {
    @Override
    public Object renderGet(Request request) {
        Session session = request.getSession();
        int visits;
        session.getLock().lock();
        try {
            Integer seen = (Integer) session.getAttribute("visits");
            visits = seen == null ? 1 : seen + 1;
            session.setAttribute("visits", visits);
        } finally {
            session.getLock().unlock();
        }
        return "<html><body>You have been here <span id=\"visits\">" + visits + "</span> times.</body></html>";
    }
}
