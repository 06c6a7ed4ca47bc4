package dev.twistlet.web.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Content types and encodings by file extension, as Twisted's {@code static.File} finds them:
 * a built-in table, then {@code /etc/mime.types} when the system has one (so types match
 * the system's, as Python's {@code mimetypes} does). {@code .gz}, {@code .bz2}, {@code .br}
 * and {@code .zst} are encodings: {@code page.html.gz} is HTML with {@code Content-Encoding: gzip}.
 */
public final class MimeTypes {
    private static final Map<String, String> ENCODINGS = Map.of(
            ".gz", "gzip", ".bz2", "bzip2", ".br", "br", ".zst", "zstd");
    private static final Map<String, String> SYSTEM = load(Path.of("/etc/mime.types"));

    private MimeTypes() {
    }

    /** A type and an encoding ({@code null} when none) for one file name. */
    public record TypeAndEncoding(String type, String encoding) {
    }

    /**
     * @param fileName    the file's name
     * @param extra       types added by the user ({@code --mime-type}), by extension with the dot
     * @param defaultType the type for unknown extensions
     * @return its content type and encoding
     */
    public static TypeAndEncoding of(String fileName, Map<String, String> extra, String defaultType) {
        String name = fileName.toLowerCase(Locale.ROOT);
        String ext = extension(name);
        String encoding = ENCODINGS.get(ext);
        if (encoding != null) {
            name = name.substring(0, name.length() - ext.length());
            ext = extension(name);
        }
        String type = extra.get(ext);
        if (type == null) {
            type = SYSTEM.get(ext);
        }
        if (type == null) {
            type = builtIn(ext);
        }
        return new TypeAndEncoding(type == null ? defaultType : type, encoding);
    }

    private static String extension(String name) {
        int dot = name.lastIndexOf('.');
        return dot <= 0 ? "" : name.substring(dot);
    }

    private static String builtIn(String ext) {
        return switch (ext) {
            case ".html", ".htm" -> "text/html";
            case ".txt", ".text", ".py", ".java", ".c", ".h" -> "text/plain";
            case ".css" -> "text/css";
            case ".js", ".mjs" -> "text/javascript";
            case ".json" -> "application/json";
            case ".xml" -> "text/xml";
            case ".svg" -> "image/svg+xml";
            case ".png" -> "image/png";
            case ".jpg", ".jpeg" -> "image/jpeg";
            case ".gif" -> "image/gif";
            case ".webp" -> "image/webp";
            case ".ico" -> "image/vnd.microsoft.icon";
            case ".pdf" -> "application/pdf";
            case ".zip" -> "application/zip";
            case ".tar" -> "application/x-tar";
            case ".wasm" -> "application/wasm";
            case ".woff" -> "font/woff";
            case ".woff2" -> "font/woff2";
            case ".mp3" -> "audio/mpeg";
            case ".mp4" -> "video/mp4";
            case ".webm" -> "video/webm";
            case ".csv" -> "text/csv";
            case ".md" -> "text/markdown";
            default -> null;
        };
    }

    private static Map<String, String> load(Path file) {
        Map<String, String> types = new HashMap<>();
        try {
            for (String line : Files.readAllLines(file)) {
                int hash = line.indexOf('#');
                String[] fields = (hash < 0 ? line : line.substring(0, hash)).trim().split("\\s+");
                for (int i = 1; i < fields.length; i++) {
                    types.putIfAbsent("." + fields[i].toLowerCase(Locale.ROOT), fields[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            // no system table: the built-in one serves
        }
        return Map.copyOf(types);
    }
}
