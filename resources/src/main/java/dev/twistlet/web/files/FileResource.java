package dev.twistlet.web.files;

import dev.twistlet.web.ForbiddenResource;
import dev.twistlet.web.IResource;
import dev.twistlet.web.NoResource;
import dev.twistlet.web.Redirect;
import dev.twistlet.web.Request;
import dev.twistlet.web.Resource;
import dev.twistlet.web.script.Registry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Serves a file or a directory tree, the counterpart of Twisted's {@code static.File}:
 * {@code new FileResource(Path.of("/var/www/htdocs"))}.
 *
 * <p>Children are files found per segment; {@link #putChild} children win over them. A
 * directory answers with its first existing {@linkplain #setIndexNames index file}, else a
 * listing; without its trailing slash it redirects to it. {@linkplain #setProcessors
 * Processors} turn files into resources by extension; {@link #ignoreExt} lets {@code /foo}
 * find {@code foo.rpy}. Settings are copied to the child resources made during traversal.
 *
 * <p>Nothing outside the root is ever served: segments {@code .}, {@code ..}, and names with
 * {@code /}, {@code \} or NUL answer 404, and a symbolic link is followed only while its
 * target stays under the root's real path (unless {@link #setFollowSymlinks} allows all).
 *
 * <p>Facts about files, and the bytes of small ones, are reused for a second (see the
 * four-argument constructor), so a busy site does not ask the file system per request.
 */
public class FileResource extends Resource {
    /** Twisted's default index names. */
    public static final List<String> DEFAULT_INDEX_NAMES = List.of("index", "index.html", "index.htm", "index.rpy");

    private final Path path;
    private final Path root;
    /** The root's real path; {@code null} until the root exists (it may be created later). */
    private volatile Path realRoot;
    private final FileCache cache;

    private volatile List<String> indexNames = DEFAULT_INDEX_NAMES;
    private volatile Map<String, Processor> processors = Map.of();
    private volatile List<String> ignoredExts = List.of();
    private volatile String defaultType = "text/html";
    private volatile Map<String, String> contentTypes = Map.of();
    private volatile boolean followSymlinks;
    private volatile Registry registry;

    /**
     * @param path the file or directory to serve; it is also the root nothing is served above
     */
    public FileResource(Path path) {
        this(path, Duration.ofSeconds(1), 256 * 1024, 32L * 1024 * 1024);
    }

    /**
     * @param path          the file or directory to serve, also the root
     * @param cacheValidity how long facts about a file (and small files' bytes) are reused
     *                      before the file system is asked again; {@link Duration#ZERO} never reuses
     * @param maxCachedFile files up to this many bytes are kept in memory
     * @param maxCacheTotal the memory all kept files may take
     */
    public FileResource(Path path, Duration cacheValidity, int maxCachedFile, long maxCacheTotal) {
        this(path.toAbsolutePath().normalize(), path.toAbsolutePath().normalize(), Confinement.realPath(path),
                new FileCache(cacheValidity, maxCachedFile, maxCacheTotal), new Registry());
    }

    private FileResource(Path path, Path root, Path realRoot, FileCache cache, Registry registry) {
        this.path = path;
        this.root = root;
        this.realRoot = realRoot;
        this.cache = cache;
        this.registry = registry;
    }

    /** @return the file or directory this resource serves */
    public Path getPath() {
        return path;
    }

    /** @return the names tried, in order, when a directory is asked for with a trailing slash */
    public List<String> getIndexNames() {
        return indexNames;
    }

    /** @param indexNames the names to try for a directory (Twisted's {@code indexNames}) */
    public void setIndexNames(List<String> indexNames) {
        this.indexNames = List.copyOf(indexNames);
    }

    /** @return the processors by extension (with the dot) */
    public Map<String, Processor> getProcessors() {
        return processors;
    }

    /** @param processors the processors by extension, e.g. {@code Map.of(".asis", ASISProcessor::new)} */
    public void setProcessors(Map<String, Processor> processors) {
        this.processors = Map.copyOf(processors);
    }

    /**
     * Adds one processor.
     *
     * @param extension the extension with its dot, e.g. {@code .rpy}
     * @param processor what builds the resource
     */
    public void addProcessor(String extension, Processor processor) {
        Map<String, Processor> copy = new LinkedHashMap<>(processors);
        copy.put(extension, processor);
        processors = Map.copyOf(copy);
    }

    /**
     * Lets a request for {@code name} find {@code name + ext} when {@code name} does not exist;
     * {@code "*"} means any extension. Tried in the order added.
     *
     * @param ext an extension with its dot, or {@code *}
     */
    public void ignoreExt(String ext) {
        List<String> copy = new ArrayList<>(ignoredExts);
        copy.add(ext);
        ignoredExts = List.copyOf(copy);
    }

    /** @return the extensions {@link #ignoreExt} added */
    public List<String> getIgnoredExts() {
        return ignoredExts;
    }

    /** @return the type of files whose extension is unknown ({@code text/html}, as Twisted) */
    public String getDefaultType() {
        return defaultType;
    }

    /** @param defaultType the type of files whose extension is unknown */
    public void setDefaultType(String defaultType) {
        this.defaultType = defaultType;
    }

    /** @return the extra content types by extension, beyond the built-in and system ones */
    public Map<String, String> getContentTypes() {
        return contentTypes;
    }

    /** @param contentTypes extra content types by extension (with the dot) */
    public void setContentTypes(Map<String, String> contentTypes) {
        this.contentTypes = Map.copyOf(contentTypes);
    }

    /** @return whether symbolic links are followed wherever they point */
    public boolean isFollowSymlinks() {
        return followSymlinks;
    }

    /** @param followSymlinks {@code true} to follow links outside the root too (off by default) */
    public void setFollowSymlinks(boolean followSymlinks) {
        this.followSymlinks = followSymlinks;
    }

    /** @return the registry the scripts under this directory share (one per tree unless set) */
    public Registry getRegistry() {
        return registry;
    }

    /** @param registry a registry to share, e.g. with another tree of the same site */
    public void setRegistry(Registry registry) {
        this.registry = registry;
    }

    /** Static children first, then the file system. */
    @Override
    public IResource getChild(String name, Request request) {
        if (!cache.get(path).directory()) {
            return childNotFound();
        }
        Path found = name.isEmpty() ? firstIndex(path, cache.looked) : existingChild(path, name, cache.looked);
        if (found == null) {
            if (name.isEmpty()) {
                return new DirectoryLister(this);
            }
            found = Confinement.isSafeSegment(name) ? siblingWithExtension(path.resolve(name)) : null;
            if (found == null) {
                return childNotFound();
            }
        }
        if (!insideRoot(found, cache.looked)) {
            return childNotFound();
        }
        Processor processor = processorFor(found);
        if (processor != null) {
            return processor.create(found, this);
        }
        return createSimilarFile(found);
    }

    /**
     * What this tree answers a plain {@code GET} of the path with, when that is a small file
     * and every fact traversal and {@link #renderGet} would ask for is in the file cache now:
     * then they would send exactly this, and finding it touched neither the disk nor anything
     * else that may block. Anything else gives {@code null}: a directory, a listing, a
     * redirect, a processor's file (a script), a {@link #putChild} child, a name found only by
     * {@link #ignoreExt}, a file too large to keep, or a path not looked at within the cache's
     * validity (the usual way looks, and the next request finds it).
     *
     * @param segments the decoded path below this resource, as traversal would take it
     * @return the file's answer, or {@code null} when the usual way must answer
     */
    public CachedFile cachedFile(List<String> segments) {
        if (segments.isEmpty() || getStaticChildren().containsKey(segments.get(0))) {
            return null;
        }
        Path at = path;
        for (String name : segments) {
            FileCache.Entry directory = cache.peek(at);
            if (directory == null || !directory.directory()) {
                return null;
            }
            Path found = name.isEmpty() ? firstIndex(at, cache.peeked) : existingChild(at, name, cache.peeked);
            if (found == null || !insideRoot(found, cache.peeked) || processorFor(found) != null) {
                return null;
            }
            at = found;
        }
        FileCache.Entry file = cache.peek(at);
        if (file == null || file.directory() || !file.readable() || file.content() == null) {
            return null;
        }
        return new CachedFile(file.content(), MimeTypes.of(at.getFileName().toString(), contentTypes, defaultType),
                file.etag(), file.modifiedMillis());
    }

    /**
     * A resource for another file, with this one's settings: what traversal creates per child.
     *
     * @param file a file under the same root
     * @return the new resource
     */
    public FileResource createSimilarFile(Path file) {
        FileResource child = new FileResource(file, root, realRoot, cache, registry);
        child.indexNames = indexNames;
        child.processors = processors;
        child.ignoredExts = ignoredExts;
        child.defaultType = defaultType;
        child.contentTypes = contentTypes;
        child.followSymlinks = followSymlinks;
        return child;
    }

    /** Serves the file; a directory without its slash redirects to it. */
    @Override
    public Object renderGet(Request request) {
        FileCache.Entry file = cache.get(path);
        if (!file.exists()) {
            return childNotFound().render(request);
        }
        if (file.directory()) {
            String query = request.getQuery() == null ? "" : "?" + request.getQuery();
            return Redirect.redirectTo(request.getPath() + "/" + query, request);
        }
        if (!file.readable()) {
            return new ForbiddenResource().render(request);
        }
        return new FileSender(path, file, MimeTypes.of(path.getFileName().toString(), contentTypes, defaultType))
                .send(request);
    }

    /** The 404 for a child that is not there, Twisted's {@code childNotFound}. */
    static IResource childNotFound() {
        return new NoResource("File not found.");
    }

    /**
     * The first index file in {@code directory}, or {@code null} when none exists or
     * {@code facts} does not know one of the names tried.
     */
    private Path firstIndex(Path directory, Function<Path, FileCache.Entry> facts) {
        for (String index : indexNames) {
            if (!Confinement.isSafeSegment(index)) {
                continue;
            }
            Path candidate = directory.resolve(index);
            FileCache.Entry entry = facts.apply(candidate);
            if (entry == null) {
                return null;
            }
            if (entry.exists()) {
                return candidate;
            }
        }
        return null;
    }

    /** The entry {@code name} names in {@code directory}, or {@code null} when it is unsafe, not there or not known. */
    private static Path existingChild(Path directory, String name, Function<Path, FileCache.Entry> facts) {
        if (!Confinement.isSafeSegment(name)) {
            return null;
        }
        Path found = directory.resolve(name);
        FileCache.Entry entry = facts.apply(found);
        return entry != null && entry.linkExists() ? found : null;
    }

    private Processor processorFor(Path file) {
        return processors.get(extension(file.getFileName().toString()));
    }

    private Path siblingWithExtension(Path missing) {
        String base = missing.getFileName().toString();
        for (String ext : ignoredExts) {
            if (ext.equals("*")) {
                try (var siblings = Files.list(path)) {
                    Path any = siblings.filter(p -> p.getFileName().toString().startsWith(base + "."))
                            .sorted().findFirst().orElse(null);
                    if (any != null) {
                        return any;
                    }
                } catch (IOException e) {
                    return null;
                }
            } else if (!ext.isEmpty()) {
                Path candidate = path.resolve(base + ext);
                if (Files.exists(candidate, LinkOption.NOFOLLOW_LINKS)) {
                    return candidate;
                }
            }
        }
        return null;
    }

    /** Whether {@code file} is under the root, also once links are followed; {@code false} when not known. */
    private boolean insideRoot(Path file, Function<Path, FileCache.Entry> facts) {
        if (!file.normalize().startsWith(root)) {
            return false;
        }
        if (followSymlinks) {
            return true;
        }
        if (realRoot == null) {
            realRoot = Confinement.realPath(root);
        }
        FileCache.Entry entry = facts.apply(file);
        return entry != null && Confinement.isInside(entry.realPath(), realRoot);
    }

    static String extension(String name) {
        int dot = name.lastIndexOf('.');
        return dot <= 0 ? "" : name.substring(dot).toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return "FileResource[" + path + "]";
    }
}
