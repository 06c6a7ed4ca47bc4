package dev.twistlet.launcher;

import dev.twistlet.launcher.demo.DemoRoot;
import dev.twistlet.web.ContentLimits;
import dev.twistlet.web.IResource;
import dev.twistlet.web.Site;
import dev.twistlet.web.cgi.CGIScript;
import dev.twistlet.web.distrib.ResourcePublisher;
import dev.twistlet.web.distrib.UserDirectory;
import dev.twistlet.web.files.FileResource;
import dev.twistlet.web.hosting.ServletResource;
import dev.twistlet.web.script.ResourceScript;
import dev.twistlet.web.script.ResourceScriptWrapper;
import jakarta.servlet.Servlet;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.stream.Stream;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.server.RequestLog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code twistlet web}: serves a resource tree over HTTP until SIGTERM or SIGINT, the
 * counterpart of {@code twistd web}.
 */
@Command(name = "web", mixinStandardHelpOptions = true, versionProvider = Version.class, sortOptions = true,
        description = "Serve a resource tree over HTTP, as 'twistd web' does; with no --path, --class, "
                + "--resource-script, --servlet or --user, the demo site. Options are listed in twistd's order.")
public final class WebCommand implements Callable<Integer> {

    @Option(names = "--listen", paramLabel = "ENDPOINT",
            description = "Add an endpoint to listen on: tcp:PORT, tcp:port=PORT:interface=ADDR:backlog=N, "
                    + "ssl:PORT:privateKey=KEY.pem:certKey=CERT.pem[:extraCertChain=CHAIN.pem], "
                    + "ssl:PORT:keystore=FILE.p12:password=PW, or unix:PATH:mode=600:wantPID=1. Each speaks HTTP/1.1 "
                    + "and HTTP/2. Repeatable. Default: tcp:8080.")
    List<String> listen = new ArrayList<>();

    @Option(names = {"-p", "--port"}, paramLabel = "PORT",
            description = "(deprecated: use --listen) Port number or endpoint string to listen on.")
    String port;

    @Option(names = "--https", paramLabel = "PORT",
            description = "(deprecated: use --listen ssl:PORT:...) Port to listen on for HTTPS, with --certificate "
                    + "and --privkey.")
    String https;

    @Option(names = {"-c", "--certificate"}, paramLabel = "FILE", defaultValue = "server.pem",
            description = "(deprecated: use --listen) PEM certificate for --https. Default: ${DEFAULT-VALUE}.")
    String certificate;

    @Option(names = {"-k", "--privkey"}, paramLabel = "FILE", defaultValue = "server.pem",
            description = "(deprecated: use --listen) PEM private key for --https. Default: ${DEFAULT-VALUE}.")
    String privkey;

    @Option(names = "--add-header", paramLabel = "\"NAME: VALUE\"",
            description = "Add a header to every response. Repeatable.")
    List<String> addHeaders = new ArrayList<>();

    @Option(names = {"-l", "--logfile"}, paramLabel = "FILE",
            description = "Append a line per request, in Combined Log Format or as --logformat says, to FILE "
                    + "('-' for standard output). Default: no access log.")
    String logfile;

    @Option(names = "--logformat", paramLabel = "FORMAT",
            description = "The --logfile's format: combined (Combined Log Format) or json (a JSON object per line, "
                    + "its fields in docs/access-log.md). Default: combined.")
    String logformat;

    @Option(names = {"-n", "--notracebacks"},
            description = "(deprecated: tracebacks are off by default; --display-tracebacks turns them on)")
    boolean notracebacks;

    @Option(names = "--path", paramLabel = "PATH",
            description = "Serve this file, or this directory's files, as the root.")
    Path path;

    @Option(names = {"-i", "--index"}, paramLabel = "NAME",
            description = "A file name to look for as a directory's index; repeatable, replaces the default list. "
                    + "Default: index, index.html, index.htm, index.rpy.")
    List<String> indexes = new ArrayList<>();

    @Option(names = "--ignore-ext", paramLabel = "EXT",
            description = "An extension to ignore: a request for 'foo' finds 'foo.EXT'. Repeatable, tried in order.")
    List<String> ignoreExts = new ArrayList<>();

    @Option(names = "--allow-ignore-ext",
            description = "Let a request for 'foo' find 'foo' with any extension.")
    boolean allowIgnoreExt;

    @Option(names = {"-m", "--mime-type"}, paramLabel = "TYPE",
            description = "The type of static files whose extension is unknown. Default: text/html.")
    String mimeType;

    @Option(names = "--processor", paramLabel = "EXT=FQCN",
            description = "Serve files ending in EXT with this class: a " + "dev.twistlet.web.files.Processor, or a resource "
                    + "with a public constructor taking the file's Path. Repeatable. Files ending in .rpy are "
                    + "resource scripts, and in .cgi CGI scripts, unless this says otherwise.")
    List<String> processors = new ArrayList<>();

    @Option(names = "--resource-script", paramLabel = "FILE",
            description = "Serve this .rpy resource script as the root: it runs on every request and is "
                    + "recompiled when edited.")
    Path resourceScript;

    @Option(names = "--servlet", paramLabel = "FQCN",
            description = "Serve this servlet class (an HttpServlet, a Jersey ServletContainer subclass, ...) as the "
                    + "root, on a thread pool of its own: the counterpart of --wsgi.")
    String servletClass;

    @Option(names = "--servlet-threads", paramLabel = "N",
            description = "Threads of the --servlet pool. Default: 10. Ten times as many requests may wait; "
                    + "more are refused with 503.")
    Integer servletThreads;

    @Option(names = {"-u", "--user"},
            description = "Serve users' home pages: /NAME/ is NAME's ~/public_html, / lists the users who have one.")
    boolean user;

    @Option(names = "--user-base", paramLabel = "DIR",
            description = "With --user: take home folders from DIR/NAME instead of the system's password database.")
    Path userBase;

    @Option(names = "--personal",
            description = "Serve as a personal server: the central 'twistlet web --user' relays /NAME.twistd/ to it. "
                    + "Listens on unix:~/" + UserDirectory.USER_SOCKET_NAME + ":wantPID=1 unless --listen says otherwise.")
    boolean personal;

    @Option(names = "--class", paramLabel = "FQCN",
            description = "Serve a new instance of this resource class (public, with a no-argument constructor) as the root.")
    String className;

    @Option(names = "--classpath", paramLabel = "PATHS",
            description = "Jars and folders, separated by '${sys:path.separator}', where --class is looked up.")
    String classpath;

    @Option(names = "--session-store", paramLabel = "JDBC_URL",
            description = "Keep sessions in this database, shared with other launchers, so that any of them can serve "
                    + "any request (no sticky sessions needed), e.g. "
                    + "jdbc:postgresql://127.0.0.1:5432/twistlet?user=twistlet&password=... "
                    + "Default: in this process's memory.")
    String sessionStore;

    @Option(names = "--node-name", paramLabel = "NAME",
            description = "This launcher's name among those sharing a --session-store: letters, digits, '-' and '_'. "
                    + "Default: the host's name and the first port.")
    String nodeName;

    @Option(names = "--session-cookie", paramLabel = "NAME",
            description = "Name of the session cookie. Default: " + WebServer.DEFAULT_SESSION_COOKIE + ".")
    String sessionCookie;

    @Option(names = "--request-header-size", paramLabel = "BYTES", defaultValue = "" + WebServer.DEFAULT_REQUEST_HEADER_SIZE,
            description = "Most bytes a request line and its headers may take together (Twisted's totalHeadersSize, "
                    + "Jetty's requestHeaderSize); more is refused with 431. Default: ${DEFAULT-VALUE}.")
    int requestHeaderSize;

    @Option(names = "--max-headers", paramLabel = "N", defaultValue = "" + WebServer.DEFAULT_MAX_HEADERS,
            description = "Most header fields a request may have (Twisted's maxHeaders); more is refused with 431. "
                    + "Default: ${DEFAULT-VALUE}.")
    int maxHeaders;

    @Option(names = "--request-header-timeout", paramLabel = "SECONDS",
            defaultValue = "" + WebServer.DEFAULT_REQUEST_HEADER_TIMEOUT_SECONDS,
            description = "Deadline for a whole request head, from its first byte, however steadily the bytes come; "
                    + "past it the client gets 408 and the connection is closed. 0 for none. Default: ${DEFAULT-VALUE}.")
    int requestHeaderTimeout;

    @Option(names = "--max-request-body", paramLabel = "BYTES", defaultValue = "" + ContentLimits.DEFAULT_MAX_BYTES,
            description = "Longest request body taken; a longer one is refused with 413, before it is read when its "
                    + "length is declared. Default: ${DEFAULT-VALUE}.")
    long maxRequestBody;

    @Option(names = "--min-request-data-rate", paramLabel = "BYTES_PER_SECOND",
            defaultValue = "" + ContentLimits.DEFAULT_MIN_BYTES_PER_SECOND,
            description = "Slowest a request body may arrive once --request-body-timeout has passed (Jetty's "
                    + "minRequestDataRate); slower is cut with 408. 0 for no minimum. Default: ${DEFAULT-VALUE}.")
    long minRequestDataRate;

    @Option(names = "--request-body-timeout", paramLabel = "SECONDS", defaultValue = "" + ContentLimits.DEFAULT_GRACE_SECONDS,
            description = "How long a request body may take before --min-request-data-rate applies; the deadline then "
                    + "moves a second later for every BYTES_PER_SECOND bytes received. Default: ${DEFAULT-VALUE}.")
    int requestBodyTimeout;

    @Option(names = "--max-pending-bodies", paramLabel = "N", defaultValue = "" + ContentLimits.DEFAULT_MAX_PENDING,
            description = "Most request bodies read at once (each waits for its client without holding a thread); "
                    + "past it a new one is refused with 503. Default: ${DEFAULT-VALUE}.")
    int maxPendingBodies;

    @Option(names = "--admin", paramLabel = "ENDPOINT",
            description = "Also listen on this endpoint (as --listen takes, e.g. tcp:9090:interface=127.0.0.1) for "
                    + "operators only: /health/live, /health/ready (200 when every listener is up and the "
                    + "session store answers, 503 while starting or stopping, with a JSON body) and /metrics "
                    + "(Prometheus text; metrics are collected only with --admin); nothing else. Default: none.")
    String admin;

    @Option(names = "--drain-delay", paramLabel = "SECONDS", defaultValue = "" + Operations.DEFAULT_DRAIN_DELAY_SECONDS,
            description = "On SIGTERM, /health/ready answers 503 at once, but the listeners go on accepting for this "
                    + "long, so a load balancer checking it stops sending first: give its check interval. "
                    + "Default: ${DEFAULT-VALUE}.")
    int drainDelay;

    @Option(names = "--shutdown-timeout", paramLabel = "SECONDS",
            defaultValue = "" + WebServer.DEFAULT_SHUTDOWN_TIMEOUT_SECONDS,
            description = "Once the listeners stop accepting, how long requests in flight may take to finish; "
                    + "responses still held open then are ended (their notifyFinish() fails). Default: ${DEFAULT-VALUE}.")
    int shutdownTimeout;

    @Option(names = "--display-tracebacks",
            description = "Show stack traces on 500 pages (off by default: tracebacks are logged only).")
    boolean displayTracebacks;

    @ParentCommand
    Twistlet parent;

    private final PrintStream out;
    private ThreadPoolExecutor servletPool;

    /** A command printing its notices to {@code System.out}. */
    public WebCommand() {
        this(System.out);
    }

    WebCommand(PrintStream out) {
        this.out = out;
    }

    @Override
    public Integer call() throws Exception {
        checkLimits();
        RequestLog accessLog = accessLog();
        Operations operations = operations();
        List<Endpoint> endpoints = endpoints();
        ResourceClassLoader classes = new ResourceClassLoader(classpath);
        IResource root = root(classes);
        Site site = new Site(personal ? new ResourcePublisher(root) : root);
        site.setDisplayTracebacks(displayTracebacks);
        site.setContentLimits(site.getContentLimits().withMaxBytes(maxRequestBody)
                .withMinDataRate(minRequestDataRate, Duration.ofSeconds(requestBodyTimeout)).withMaxPending(maxPendingBodies));
        if (servletPool != null) {
            site.whenClosed(servletPool::shutdown);
        }
        List<HttpField> headers = addHeaders.stream().map(AddHeadersHandler::parse).toList();
        WebServer server = new WebServer(site, endpoints);
        server.setClassLoader(classes.loader());
        server.addHeaders(headers);
        server.setRequestHeaderSize(requestHeaderSize);
        server.setMaxHeaders(maxHeaders);
        server.setRequestHeaderTimeout(Duration.ofSeconds(requestHeaderTimeout));
        server.setRequestLog(accessLog);
        server.setNodeName(nodeName != null ? nodeName : NodeName.of(endpoints));
        if (sessionStore != null) {
            server.setSessionStore(new SessionStore(sessionStore));
        }
        if (sessionCookie != null) {
            server.setSessionCookieName(sessionCookie);
        }
        Serving.untilStopped(List.of(server), operations, parent == null ? null : parent.pidFile(), out, "twistlet web");
        return 0;
    }

    private Operations operations() {
        if (drainDelay < 0 || shutdownTimeout < 0) {
            throw new UsageException("--drain-delay and --shutdown-timeout must not be negative");
        }
        Endpoint endpoint = null;
        if (admin != null) {
            try {
                endpoint = Endpoint.parse(admin);
            } catch (IllegalArgumentException e) {
                throw new UsageException("--admin: " + e.getMessage());
            }
        }
        return new Operations(endpoint, Duration.ofSeconds(drainDelay), Duration.ofSeconds(shutdownTimeout));
    }

    private void checkLimits() {
        if (requestHeaderSize < 1024) {
            throw new UsageException("--request-header-size " + requestHeaderSize + ": give at least 1024 bytes");
        }
        if (maxHeaders < 1) {
            throw new UsageException("--max-headers " + maxHeaders + ": give at least 1");
        }
        if (maxRequestBody < 0 || minRequestDataRate < 0 || requestBodyTimeout < 0) {
            throw new UsageException("--max-request-body, --min-request-data-rate and --request-body-timeout "
                    + "must not be negative");
        }
        if (maxPendingBodies < 1) {
            throw new UsageException("--max-pending-bodies " + maxPendingBodies + ": give at least 1");
        }
        if (requestHeaderTimeout < 0) {
            throw new UsageException("--request-header-timeout " + requestHeaderTimeout + ": give 0 (none) or more seconds");
        }
    }

    /** @return the access log of --logfile and --logformat, or {@code null} for none */
    private RequestLog accessLog() {
        if (logfile == null) {
            if (logformat != null) {
                throw new UsageException("--logformat needs --logfile");
            }
            return null;
        }
        return AccessLog.to(logfile, AccessLogFormat.named(logformat), out);
    }

    private IResource root(ResourceClassLoader classes) {
        long roots = Stream.of(path, className, resourceScript, servletClass, user ? "user" : null)
                .filter(Objects::nonNull).count();
        if (roots > 1) {
            throw new UsageException("give one of --path, --class, --resource-script, --servlet and --user");
        }
        if (userBase != null && !user) {
            throw new UsageException("--user-base needs --user");
        }
        if (user) {
            if (userBase != null && !Files.isDirectory(userBase)) {
                throw new UsageException("--user-base " + userBase + ": no such directory");
            }
            return userBase != null ? new UserDirectory(userBase) : new UserDirectory();
        }
        if (servletThreads != null && (servletClass == null || servletThreads < 1)) {
            throw new UsageException(servletClass == null ? "--servlet-threads needs --servlet"
                    : "--servlet-threads must be at least 1");
        }
        boolean fileOptions = !indexes.isEmpty() || !ignoreExts.isEmpty() || allowIgnoreExt || mimeType != null
                || !processors.isEmpty();
        if (path == null && fileOptions) {
            throw new UsageException("--index, --ignore-ext, --allow-ignore-ext, --mime-type and --processor need --path");
        }
        if (resourceScript != null) {
            if (!Files.isRegularFile(resourceScript)) {
                throw new UsageException("--resource-script " + resourceScript + ": no such file");
            }
            if (!Files.isReadable(resourceScript)) {
                throw permissionDenied("--resource-script", resourceScript);
            }
            return new ResourceScriptWrapper(resourceScript.toAbsolutePath());
        }
        if (servletClass != null) {
            int threads = servletThreads == null ? 10 : servletThreads;
            ThreadPoolExecutor pool = ServletResource.pool("servlet", threads, threads * 10);
            servletPool = pool;
            return new ServletResource(classes.instantiate("--servlet", servletClass, Servlet.class), pool);
        }
        if (path == null) {
            // As twistd web: with nothing named, the demo site.
            return className == null ? new DemoRoot() : classes.resource(className);
        }
        if (!Files.exists(path)) {
            throw new UsageException("--path " + path + ": no such file or directory");
        }
        if (!Files.isReadable(path) || Files.isDirectory(path) && !Files.isExecutable(path)) {
            throw permissionDenied("--path", path);
        }
        FileResource files = new FileResource(path);
        if (!indexes.isEmpty()) {
            files.setIndexNames(indexes);
        }
        ignoreExts.forEach(files::ignoreExt);
        if (allowIgnoreExt) {
            files.ignoreExt("*");
        }
        if (mimeType != null) {
            files.setDefaultType(mimeType);
        }
        files.addProcessor(".rpy", new ResourceScript());
        files.addProcessor(".cgi", (file, directory) -> new CGIScript(file));
        for (String spec : processors) {
            int eq = spec.indexOf('=');
            if (eq <= 0 || eq == spec.length() - 1) {
                throw new UsageException("--processor " + spec + ": expected EXT=FQCN, e.g. .asis=dev.twistlet.web.files.ASISProcessor");
            }
            String ext = spec.substring(0, eq);
            files.addProcessor(ext.startsWith(".") ? ext : "." + ext, classes.processor(spec.substring(eq + 1)));
        }
        return files;
    }

    private List<Endpoint> endpoints() {
        List<String> specs = new ArrayList<>(listen);
        if (port != null) {
            System.err.println("twistlet web: --port is deprecated; use --listen");
            specs.add(port.chars().allMatch(Character::isDigit) ? "tcp:" + port : port);
        }
        if (https != null) {
            System.err.println("twistlet web: --https is deprecated; use --listen ssl:PORT:privateKey=KEY:certKey=CERT");
            specs.add("ssl:" + https + ":privateKey=" + escape(privkey) + ":certKey=" + escape(certificate));
        }
        if (notracebacks) {
            System.err.println("twistlet web: --notracebacks is deprecated; tracebacks are off unless --display-tracebacks");
        }
        if (specs.isEmpty()) {
            specs.add(personal ? "unix:~/" + UserDirectory.USER_SOCKET_NAME + ":wantPID=1" : "tcp:8080");
        }
        List<Endpoint> endpoints = new ArrayList<>();
        for (String spec : specs) {
            try {
                endpoints.add(Endpoint.parse(spec));
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            }
        }
        return endpoints;
    }

    /** The mistake of naming a file or folder this process may not read. */
    private static UsageException permissionDenied(String option, Path file) {
        return new UsageException(option + " " + file + ": permission denied (this server runs as user "
                + System.getProperty("user.name") + ")");
    }

    /** A file name inside an endpoint string: its colons escaped. */
    private static String escape(String file) {
        return file.replace("\\", "\\\\").replace(":", "\\:");
    }
}
