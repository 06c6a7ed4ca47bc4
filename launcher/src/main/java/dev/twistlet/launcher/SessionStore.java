package dev.twistlet.launcher;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.twistlet.web.SessionUnavailableException;
import dev.twistlet.web.servlet.SessionStoreStatus;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.SessionHandler;
import org.eclipse.jetty.session.DatabaseAdaptor;
import org.eclipse.jetty.session.NullSessionCache;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sessions kept in a database that several launchers share ({@code --session-store}), so
 * that any of them can serve any request of a session: Jetty's JDBC session store over a
 * HikariCP pool, the table made on first start.
 *
 * <p>No server keeps sessions in memory (Jetty's {@code NullSessionCache}): each request
 * reads its session from the database and writes it back when the response commits, before
 * the client can send its next request to another server, and a new session is written at
 * once. So no sticky sessions are needed; the cost is a read and a write per request that
 * presents a session. Concurrent requests of one session on different servers each write
 * what they read and changed: the last write wins, as with any such store.
 *
 * <p>When the database cannot be reached, pages that use no session go on answering, and a
 * page that uses one is answered 503 ({@link SessionStoreStatus}); the log says so once per
 * outage, and once when it ends, which it does by itself: while down, a request that needs a
 * session tries the database at most once a second.
 */
public final class SessionStore implements SessionStoreStatus, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SessionStore.class);
    private static final long RETRY_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final JdbcUrl url;
    private HikariDataSource pool;
    private final AtomicBoolean down = new AtomicBoolean();
    private final AtomicLong lastTry = new AtomicLong();

    /**
     * @param jdbcUrl the database, e.g. {@code jdbc:postgresql://127.0.0.1:5432/twistlet?user=u&password=p}
     * @throws UsageException when it is not a JDBC URL
     */
    public SessionStore(String jdbcUrl) {
        this.url = JdbcUrl.parse(jdbcUrl);
    }

    /** @return the database's URL, its password masked */
    @Override
    public String toString() {
        return url.toString();
    }

    /**
     * Opens the pool and makes the session table if it is missing; then sets {@code context}'s
     * sessions up to live in the database. Called before the server starts.
     *
     * @param context  the launcher's context
     * @param nodeName this launcher's name among those sharing the store
     * @throws IllegalStateException when the database cannot be reached
     */
    void install(ServletContextHandler context, String nodeName) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("twistlet-sessions");
        config.setJdbcUrl(url.url());
        config.setUsername(url.user());
        config.setPassword(url.password());
        // A request that needs its session should learn fast that the database is gone.
        config.setConnectionTimeout(2000);
        config.setValidationTimeout(1000);
        try {
            pool = new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new IllegalStateException("session store " + url + " cannot be reached: " + rootMessage(e), e);
        }
        DatabaseAdaptor adaptor = new DatabaseAdaptor();
        adaptor.setDatasource(pool);
        GuardedJdbcStore store = new GuardedJdbcStore(this);
        store.setDatabaseAdaptor(adaptor);
        // Each request that presents a session is written when its response commits (see
        // ServletSession.keepChanges), before the client can ask another launcher; a write
        // after the response could overwrite what another launcher wrote meanwhile, so the
        // store's own write when the request ends is left to changes made after the commit.
        store.setSavePeriodSec((int) TimeUnit.DAYS.toSeconds(1));
        SessionHandler handler = context.getSessionHandler();
        NullSessionCache cache = new NullSessionCache(handler);
        cache.setSaveOnCreate(true);
        cache.setFlushOnResponseCommit(true);
        cache.setRemoveUnloadableSessions(true);
        cache.setSessionDataStore(store);
        handler.setSessionCache(cache);
        context.setAttribute(SessionStoreStatus.ATTRIBUTE, this);
        LOG.info("Sessions are kept in {}, shared with other launchers; this one is node {}", url, nodeName);
    }

    @Override
    public void check() {
        if (!mayTry()) {
            throw new SessionUnavailableException("the session store " + url + " cannot be reached", null);
        }
        if (down.get()) {
            try (Connection connection = pool.getConnection()) {
                if (connection.isValid(1)) {
                    answered();
                    return;
                }
            } catch (SQLException e) {
                failed(e);
            }
            throw new SessionUnavailableException("the session store " + url + " cannot be reached", null);
        }
    }

    /**
     * @return whether to use the store now: always while it answers; while it is down, once
     *         a second (the caller that gets {@code true} then makes the one try)
     */
    boolean mayTry() {
        if (!down.get()) {
            return true;
        }
        long now = System.nanoTime();
        long last = lastTry.get();
        return now - last >= RETRY_NANOS && lastTry.compareAndSet(last, now);
    }

    /** The store failed: the first failure of an outage is logged. */
    void failed(Exception cause) {
        lastTry.set(System.nanoTime());
        if (down.compareAndSet(false, true)) {
            LOG.error("Session store {} cannot be reached ({}); pages that use sessions answer 503 until it can",
                    url, rootMessage(cause));
        }
    }

    /** The store answered: an outage, if any, is over. */
    void answered() {
        if (down.compareAndSet(true, false)) {
            LOG.info("Session store {} answers again", url);
        }
    }

    /**
     * Asks the database whether it answers now, for a health check, and marks an outage's
     * start or end as requests do. Blocks up to the pool's connection timeout while the
     * database is gone.
     */
    void probe() {
        if (pool == null || pool.isClosed()) {
            return;
        }
        try (Connection connection = pool.getConnection()) {
            if (connection.isValid(1)) {
                answered();
            } else {
                failed(new SQLException("the connection did not answer"));
            }
        } catch (SQLException e) {
            failed(e);
        }
    }

    /** @return whether the store is taken to be down */
    boolean isDown() {
        return down.get();
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return String.valueOf(root.getMessage());
    }

    /** Closes the pool; called once the server has stopped. */
    @Override
    public void close() {
        if (pool != null) {
            pool.close();
        }
    }
}
