package dev.twistlet.launcher;

import java.util.Set;
import org.eclipse.jetty.session.JDBCSessionDataStore;
import org.eclipse.jetty.session.SessionData;

/**
 * Jetty's JDBC session store, telling its {@link SessionStore} when the database fails and
 * when it answers, so that an outage is handled (and logged) once rather than per request.
 *
 * <p>A session that cannot be read is reported as absent: the page that asks for it is then
 * refused with 503 by {@link SessionStore#check()} before it could start a new one. While the
 * database is down, reads are not even tried but once a second ({@link SessionStore#mayTry}),
 * so a request waits for no connection. A write that fails is dropped with the outage
 * reported: the request that made it already has its answer. The house keeper's searches for
 * expired sessions are skipped while the database is down; they resume with it.
 */
final class GuardedJdbcStore extends JDBCSessionDataStore {
    private final SessionStore store;

    GuardedJdbcStore(SessionStore store) {
        this.store = store;
    }

    /** Makes the table if it is missing; again if another launcher was making it at the same moment. */
    @Override
    public void initialize() throws Exception {
        for (int attempt = 1;; attempt++) {
            try {
                super.initialize();
                return;
            } catch (Exception e) {
                if (attempt == 3) {
                    throw e;
                }
                _initialized = false;
                Thread.sleep(200L * attempt);
            }
        }
    }

    @Override
    public SessionData doLoad(String id) throws Exception {
        if (!store.mayTry()) {
            return null; // down: not worth a wait for a connection on every request
        }
        try {
            SessionData data = super.doLoad(id);
            store.answered();
            return data;
        } catch (Exception e) {
            store.failed(e);
            return null;
        }
    }

    @Override
    public void doStore(String id, SessionData data, long lastSaveTime) throws Exception {
        try {
            super.doStore(id, data, lastSaveTime);
            store.answered();
        } catch (Exception e) {
            store.failed(e);
        }
    }

    @Override
    public boolean delete(String id) throws Exception {
        try {
            return super.delete(id);
        } catch (Exception e) {
            store.failed(e);
            throw e;
        }
    }

    @Override
    public boolean doExists(String id) throws Exception {
        try {
            return super.doExists(id);
        } catch (Exception e) {
            store.failed(e);
            throw e;
        }
    }

    @Override
    public Set<String> doCheckExpired(Set<String> candidates, long time) {
        return store.isDown() ? Set.of() : super.doCheckExpired(candidates, time);
    }

    @Override
    public Set<String> doGetExpired(long before) {
        return store.isDown() ? Set.of() : super.doGetExpired(before);
    }

    @Override
    public void doCleanOrphans(long time) {
        if (!store.isDown()) {
            super.doCleanOrphans(time);
        }
    }
}
