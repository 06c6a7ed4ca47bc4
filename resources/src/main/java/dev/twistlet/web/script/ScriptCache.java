package dev.twistlet.web.script;

import dev.twistlet.web.IResource;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The compiled form of each script file, compiled once per content: a request looks at the
 * file's size, time and identity, and reads it again only when they changed, or while the
 * file is so new that an edit within the file system's clock tick could hide behind an
 * unchanged time. A compile replaces the previous class and its loader, which become
 * garbage once no request uses them. A failed compile is remembered too, until the file
 * changes, and its compiler errors are logged then, once per version of the file: one line
 * each, {@code file:line: error: message}, no stack trace.
 */
final class ScriptCache {
    private static final Logger LOG = LoggerFactory.getLogger(ScriptCache.class);

    /** Files changed more recently than this are read again on each request. */
    private static final Duration RACY = Duration.ofSeconds(2);

    private final ConcurrentMap<Path, Entry> entries = new ConcurrentHashMap<>();

    /**
     * @param file   the script
     * @param parent the class loader its classes look things up in
     * @return the script compiled from the file's current content
     * @throws ScriptException when the file is unreadable or does not compile
     */
    Compiled current(Path file, ClassLoader parent) {
        Entry entry = entries.computeIfAbsent(file.toAbsolutePath().normalize(), p -> new Entry());
        try {
            return entry.current(file, parent);
        } catch (ScriptException e) {
            if (e.getCause() instanceof NoSuchFileException) {
                entries.remove(file.toAbsolutePath().normalize(), entry);
            }
            throw e;
        }
    }

    /** One script's compiled class and, once the script asked for {@code cache()}, its resource. */
    static final class Compiled {
        private final Constructor<? extends ResourceScriptScope> constructor;
        private volatile IResource cachedResource;

        Compiled(Class<? extends ResourceScriptScope> type) throws NoSuchMethodException {
            this.constructor = type.getConstructor();
        }

        ResourceScriptScope newScope() throws ReflectiveOperationException {
            return constructor.newInstance();
        }

        IResource cachedResource() {
            return cachedResource;
        }

        void cacheResource(IResource resource) {
            cachedResource = resource;
        }
    }

    private record Stamp(FileTime modified, long size, Object key) {
    }

    private static final class Entry {
        private Stamp stamp;
        private boolean racy;
        private String text;
        private Compiled compiled;
        private ScriptException failure;

        synchronized Compiled current(Path file, ClassLoader parent) {
            Stamp now = stamp(file);
            if (text == null || racy || !now.equals(stamp)) {
                String read = ScriptCompiler.read(file);
                if (!read.equals(text)) {
                    compile(file, read, parent);
                }
                stamp = now;
                racy = now.modified().toInstant().isAfter(Instant.now().minus(RACY));
            }
            if (failure != null) {
                throw failure;
            }
            return compiled;
        }

        private void compile(Path file, String read, ClassLoader parent) {
            text = read;
            compiled = null;
            failure = null;
            try {
                compiled = new Compiled(ScriptCompiler.compile(file, read, ResourceScriptScope.class, parent));
            } catch (ScriptException e) {
                failure = e;
                for (ScriptException.Problem problem : e.getProblems()) {
                    LOG.error("{}:{}: error: {}", problem.file(), problem.line(), problem.message());
                }
            } catch (NoSuchMethodException e) {
                failure = new ScriptException(file + ": the script's class has no public constructor", e);
            }
        }

        private static Stamp stamp(Path file) {
            try {
                BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
                return new Stamp(attributes.lastModifiedTime(), attributes.size(),
                        Objects.requireNonNullElse(attributes.fileKey(), ""));
            } catch (IOException e) {
                throw new ScriptException("cannot read script " + file + ": " + e, e);
            }
        }
    }
}
