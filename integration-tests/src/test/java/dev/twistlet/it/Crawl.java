package dev.twistlet.it;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Follows every link of a site as a reader would, breadth first from one page: each {@code href}
 * and {@code src} of every element of every HTML page it reaches, and each redirect's
 * {@code Location}, fetched with {@code GET} once per URL (fragment dropped), as long as the URL
 * is on the start page's scheme, host and port and under {@code scope}. Forms are never
 * submitted. It stops after {@link #MAX_PAGES} URLs, and gives each fetch {@link #TIMEOUT} to
 * deliver its whole body, so a page held open for ever counts as broken instead of hanging.
 */
final class Crawl {
    /** The most URLs one crawl fetches. */
    static final int MAX_PAGES = 200;
    /** How long one fetch may take, body included. */
    static final Duration TIMEOUT = Duration.ofSeconds(15);

    /** HTML comments, whose links nobody can follow. */
    private static final Pattern COMMENT = Pattern.compile("<!--.*?-->", Pattern.DOTALL);
    /** A {@code script} or {@code style} element: its start tag is kept, its text is not markup. */
    private static final Pattern RAW_TEXT = Pattern.compile(
            "(<(script|style)\\b(?:\"[^\"]*\"|'[^']*'|[^'\">])*>).*?</\\2\\s*>", Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    /** A start tag: its name, then its attributes (quoted values may hold {@code >}). */
    private static final Pattern TAG = Pattern.compile("<([a-zA-Z][a-zA-Z0-9-]*)((?:\"[^\"]*\"|'[^']*'|[^'\">])*)>");
    /** One attribute, consumed whole so a quoted value is never read as attributes. */
    private static final Pattern ATTRIBUTE = Pattern.compile(
            "([^\\s=/>\"']+)(?:\\s*=\\s*(?:\"([^\"]*)\"|'([^']*)'|([^\\s\"'>]+)))?");
    private static final Pattern CHARACTER_REFERENCE = Pattern.compile("&(#[0-9]+|#[xX][0-9a-fA-F]+|amp|lt|gt|quot|apos);");

    private final HttpClient client;
    private final URI start;
    private final String scope;
    /** Every URL seen, in the order found, with the page that first linked to it ({@code null} for the start). */
    private final Map<URI, URI> found = new LinkedHashMap<>();
    private final List<URI> fetched = new ArrayList<>();
    private final List<String> broken = new ArrayList<>();
    private boolean stoppedAtBound;

    /**
     * @param client the client to fetch with; it must not follow redirects itself
     * @param start  the first page, absolute
     * @param scope  the path prefix of the pages to follow ({@code ""} for the whole host): the
     *               path itself, or anything below {@code scope + "/"}
     */
    Crawl(HttpClient client, URI start, String scope) {
        this.client = client;
        this.start = start;
        this.scope = scope;
    }

    /**
     * Fetches the start page and everything it leads to, breadth first.
     *
     * @return this crawl, done
     * @throws InterruptedException when interrupted while waiting for a page
     */
    Crawl run() throws InterruptedException {
        Queue<URI> queue = new ArrayDeque<>();
        found.put(start, null);
        queue.add(start);
        while (!queue.isEmpty()) {
            if (fetched.size() == MAX_PAGES) {
                stoppedAtBound = true;
                return this;
            }
            URI page = queue.remove();
            fetched.add(page);
            for (String link : follow(page)) {
                URI target;
                try {
                    target = resolve(page, link);
                } catch (IllegalArgumentException e) {
                    broken.add("\"" + link + "\" is no URL (on " + page + ")");
                    continue;
                }
                if (target != null && inScope(target) && !found.containsKey(target)) {
                    found.put(target, page);
                    queue.add(target);
                }
            }
        }
        return this;
    }

    /** @return the URLs fetched, in the order fetched */
    List<URI> fetched() {
        return fetched;
    }

    /** @return one line per URL that answered 4xx or 5xx or did not answer, naming the page that linked to it */
    List<String> broken() {
        return broken;
    }

    /** @return whether the crawl stopped at {@link #MAX_PAGES} with links still to follow */
    boolean stoppedAtBound() {
        return stoppedAtBound;
    }

    /** Fetches one URL, records it if broken, and returns the links it leads to, unresolved. */
    private List<String> follow(URI url) throws InterruptedException {
        URI linkedFrom = found.get(url);
        String where = linkedFrom == null ? " (the start page)" : " (linked from " + linkedFrom + ")";
        HttpRequest request = HttpRequest.newBuilder(url).timeout(TIMEOUT).GET().build();
        CompletableFuture<HttpResponse<String>> answer = client.sendAsync(request, HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> response;
        try {
            response = answer.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            answer.cancel(true);
            broken.add(url + " gave no whole answer within " + TIMEOUT.toSeconds() + " s" + where);
            return List.of();
        } catch (ExecutionException e) {
            broken.add(url + " failed: " + e.getCause() + where);
            return List.of();
        }
        int status = response.statusCode();
        if (status >= 400) {
            broken.add(url + " answered " + status + where);
            return List.of();
        }
        if (status >= 300) {
            Optional<String> location = response.headers().firstValue("Location");
            if (location.isEmpty()) {
                broken.add(url + " answered " + status + " without a Location" + where);
            }
            return location.map(List::of).orElse(List.of());
        }
        String type = response.headers().firstValue("Content-Type").orElse("").toLowerCase(Locale.ROOT);
        return type.startsWith("text/html") || type.startsWith("application/xhtml+xml") ? links(response.body()) : List.of();
    }

    /**
     * @param html an HTML page
     * @return the {@code href} and {@code src} values of its elements, in page order, character
     *         references decoded; none from comments or from the text of scripts and styles
     */
    static List<String> links(String html) {
        String markup = RAW_TEXT.matcher(COMMENT.matcher(html).replaceAll("")).replaceAll("$1");
        List<String> links = new ArrayList<>();
        Matcher tag = TAG.matcher(markup);
        while (tag.find()) {
            Matcher attribute = ATTRIBUTE.matcher(tag.group(2));
            while (attribute.find()) {
                String name = attribute.group(1).toLowerCase(Locale.ROOT);
                String value = attribute.group(2) != null ? attribute.group(2)
                        : attribute.group(3) != null ? attribute.group(3) : attribute.group(4);
                if (value != null && (name.equals("href") || name.equals("src"))) {
                    links.add(decode(value).strip());
                }
            }
        }
        return links;
    }

    /** Decodes the character references {@code Html.escape} and hand-written pages use. */
    private static String decode(String value) {
        return CHARACTER_REFERENCE.matcher(value).replaceAll(reference -> {
            String name = reference.group(1);
            String text = switch (name) {
                case "amp" -> "&";
                case "lt" -> "<";
                case "gt" -> ">";
                case "quot" -> "\"";
                case "apos" -> "'";
                default -> Character.toString(name.charAt(1) == 'x' || name.charAt(1) == 'X'
                        ? Integer.parseInt(name.substring(2), 16) : Integer.parseInt(name.substring(1)));
            };
            return Matcher.quoteReplacement(text);
        });
    }

    /**
     * @return the absolute URL, fragment dropped, or {@code null} for a link to the page itself or
     *         a scheme a browser would not fetch over HTTP ({@code mailto:}, {@code javascript:}...)
     * @throws IllegalArgumentException when the link is no URL
     */
    private static URI resolve(URI page, String link) {
        int hash = link.indexOf('#');
        String withoutFragment = hash < 0 ? link : link.substring(0, hash);
        if (withoutFragment.isEmpty()) {
            return null;
        }
        URI resolved = withoutFragment.startsWith("?")
                ? URI.create(page.getScheme() + "://" + page.getRawAuthority() + page.getRawPath() + withoutFragment)
                : page.resolve(URI.create(withoutFragment));
        String scheme = resolved.getScheme() == null ? "" : resolved.getScheme().toLowerCase(Locale.ROOT);
        return scheme.equals("http") || scheme.equals("https") ? resolved : null;
    }

    /** Whether a URL is on the start page's origin and under the scope path. */
    private boolean inScope(URI url) {
        String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        return url.getScheme().equalsIgnoreCase(start.getScheme()) && start.getHost().equalsIgnoreCase(url.getHost())
                && port(url) == port(start) && (path.equals(scope) || path.startsWith(scope + "/"));
    }

    private static int port(URI url) {
        return url.getPort() != -1 ? url.getPort() : url.getScheme().equalsIgnoreCase("https") ? 443 : 80;
    }
}
