package dev.twistlet.web.rewrite;

import dev.twistlet.web.IResource;
import dev.twistlet.web.PathSegments;
import dev.twistlet.web.Request;
import dev.twistlet.web.Resource;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Runs rewrite rules on each request, then lets traversal go on as if the wrapped resource
 * were here, the counterpart of Twisted's {@code rewrite.RewriterResource}:
 *
 * <pre>{@code
 * root.putChild("users", new UserDirectory());
 * IResource site = new RewriterResource(root, RewriterResource.tildeToUsers());
 * }</pre>
 *
 * <p>A rule that changes the postpath also changes the path the request reports
 * ({@link Request#getPath()}), as Twisted's rules set {@code request.path}.
 */
public class RewriterResource extends Resource {
    private final IResource resource;
    private final List<RewriteRule> rules;

    /**
     * @param resource the resource traversal continues from
     * @param rules    applied in order to each request reaching it
     */
    public RewriterResource(IResource resource, RewriteRule... rules) {
        this.resource = resource;
        this.rules = List.of(rules);
    }

    /** Rewrites with the segment given back to the postpath, then asks the wrapped resource. */
    @Override
    public IResource getChild(String name, Request request) {
        List<String> prepath = request.getPrepath();
        List<String> postpath = request.getPostpath();
        postpath.add(0, prepath.remove(prepath.size() - 1));
        rules.forEach(rule -> rule.rewrite(request));
        if (postpath.isEmpty()) {
            return resource;
        }
        String next = postpath.remove(0);
        prepath.add(next);
        return resource.getChildWithDefault(next, request);
    }

    /** Rewrites, then lets the wrapped resource render. */
    @Override
    public Object render(Request request) {
        rules.forEach(rule -> rule.rewrite(request));
        return resource.render(request);
    }

    /**
     * {@code /~foo/bar.html} becomes {@code /users/foo/bar.html}: with a
     * {@code UserDirectory} at {@code users}, the classical home-page layout (Twisted's
     * {@code tildeToUsers}, which no longer works there on Python 3).
     *
     * @return the rule
     */
    public static RewriteRule tildeToUsers() {
        return request -> {
            List<String> postpath = request.getPostpath();
            if (!postpath.isEmpty() && postpath.get(0).startsWith("~") && postpath.get(0).length() > 1) {
                String user = postpath.remove(0).substring(1);
                postpath.add(0, user);
                postpath.add(0, "users");
                updatePath(request);
            }
        };
    }

    /**
     * Serves {@code from} as if it were {@code to}, e.g. {@code alias("docs", "static/manual")}.
     *
     * @param from the leading segments to replace, {@code /}-separated
     * @param to   what they become
     * @return the rule
     */
    public static RewriteRule alias(String from, String to) {
        List<String> alias = segments(from);
        List<String> source = segments(to);
        return request -> {
            List<String> postpath = request.getPostpath();
            if (postpath.size() >= alias.size() && postpath.subList(0, alias.size()).equals(alias)) {
                postpath.subList(0, alias.size()).clear();
                postpath.addAll(0, source);
                updatePath(request);
            }
        };
    }

    /**
     * Rewrites the postpath, joined with {@code /}, by a regular expression, as
     * {@code mod_rewrite} does: {@code regex("^old/(.*)$", "new/$1")}.
     *
     * @param pattern     matched against the whole remaining path (decoded, no leading slash)
     * @param replacement what a match becomes, with {@code $1}-style groups
     * @return the rule
     */
    public static RewriteRule regex(String pattern, String replacement) {
        Pattern compiled = Pattern.compile(pattern);
        return request -> {
            List<String> postpath = request.getPostpath();
            Matcher matcher = compiled.matcher(String.join("/", postpath));
            if (matcher.matches()) {
                List<String> rewritten = new ArrayList<>(List.of(matcher.replaceFirst(replacement).split("/", -1)));
                postpath.clear();
                postpath.addAll(rewritten);
                updatePath(request);
            }
        };
    }

    private static void updatePath(Request request) {
        String path = Stream.concat(request.getPrepath().stream(), request.getPostpath().stream())
                .map(PathSegments::quote).collect(Collectors.joining("/", "/", ""));
        request.setPath(request.getSitePath(), path);
    }

    private static List<String> segments(String path) {
        return Stream.of(path.split("/")).filter(s -> !s.isEmpty()).toList();
    }
}
