package dev.twistlet.web.files;

import dev.twistlet.web.Html;
import dev.twistlet.web.PathSegments;
import dev.twistlet.web.Request;
import dev.twistlet.web.Resource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The HTML listing of a directory without an index file, like Twisted's
 * {@code static.DirectoryLister}: a heading "Directory listing for PATH" and a table of
 * Filename, Size, Content type and Content encoding, directories first, names sorted, every
 * name HTML-escaped in the text and percent-encoded in the link; plus a link to the parent
 * directory below the site's root. It has no children: a path below it is 404, as in Twisted.
 */
public class DirectoryLister extends Resource {
    private final FileResource directory;

    /** @param directory the directory to list, with its content-type settings */
    public DirectoryLister(FileResource directory) {
        this.directory = directory;
    }

    @Override
    public Object renderGet(Request request) {
        String shown = decodedPath(request);
        List<String[]> rows = new ArrayList<>();
        List<Path> entries;
        try (Stream<Path> list = Files.list(directory.getPath())) {
            entries = list.sorted().toList();
        } catch (IOException e) {
            return FileResource.childNotFound().render(request);
        }
        for (Path entry : entries) {
            if (Files.isDirectory(entry)) {
                String name = entry.getFileName().toString();
                rows.add(new String[] {PathSegments.quote(name) + "/", Html.escape(name) + "/", "", "[Directory]", ""});
            }
        }
        for (Path entry : entries) {
            if (!Files.isDirectory(entry)) {
                String name = entry.getFileName().toString();
                long size;
                try {
                    size = Files.size(entry);
                } catch (IOException e) {
                    continue;
                }
                MimeTypes.TypeAndEncoding type = MimeTypes.of(name, directory.getContentTypes(), directory.getDefaultType());
                rows.add(new String[] {PathSegments.quote(name), Html.escape(name), formatFileSize(size),
                    "[" + Html.escape(type.type()) + "]", type.encoding() == null ? "" : "[" + type.encoding() + "]"});
            }
        }
        request.setHeader("Content-Type", "text/html; charset=utf-8");
        return page(shown, rows, !request.getPrepath().isEmpty() && request.getPrepath().size() > 1);
    }

    private static String decodedPath(Request request) {
        StringBuilder out = new StringBuilder(request.getSitePath().isEmpty() ? "" : request.getSitePath());
        for (String segment : request.getPrepath()) {
            out.append('/').append(segment);
        }
        return out.length() == 0 ? "/" : out.toString();
    }

    private static String page(String shown, List<String[]> rows, boolean hasParent) {
        String title = "Directory listing for " + Html.escape(shown);
        StringBuilder html = new StringBuilder(2048).append("<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n<title>")
                .append(title).append("</title>\n<style>\n")
                .append("body { font-family: sans-serif; margin: 0; background: #f4f4f4; }\n")
                .append("h1 { margin: 0; padding: 0.3em 0.6em; background: #555; color: #fff; font-size: 1.3em; }\n")
                .append("table { margin: 1em auto; border-collapse: collapse; min-width: 50%; }\n")
                .append("th, td { text-align: left; padding: 0.2em 0.8em; }\n")
                .append("tr.odd { background: #e4e4e4; } tr.even { background: #f8f8f8; }\n")
                .append("</style>\n</head>\n<body>\n<h1>").append(title).append("</h1>\n");
        html.append("<table>\n<thead>\n<tr><th>Filename</th><th>Size</th><th>Content type</th><th>Content encoding</th></tr>\n")
                .append("</thead>\n<tbody>\n");
        if (hasParent) {
            html.append("<tr class=\"parent\"><td><a href=\"../\">../</a></td><td></td><td>[Parent directory]</td><td></td></tr>\n");
        }
        for (int i = 0; i < rows.size(); i++) {
            String[] row = rows.get(i);
            html.append("<tr class=\"").append(i % 2 == 0 ? "odd" : "even").append("\"><td><a href=\"").append(row[0])
                    .append("\">").append(row[1]).append("</a></td><td>").append(row[2]).append("</td><td>").append(row[3])
                    .append("</td><td>").append(row[4]).append("</td></tr>\n");
        }
        return html.append("</tbody>\n</table>\n</body>\n</html>\n").toString();
    }

    /**
     * Twisted's {@code formatFileSize}: whole bytes, K, M or G.
     *
     * @param size bytes
     * @return e.g. {@code 12B}, {@code 3K}
     */
    static String formatFileSize(long size) {
        if (size < 1024) {
            return size + "B";
        } else if (size < 1024L * 1024) {
            return size / 1024 + "K";
        } else if (size < 1024L * 1024 * 1024) {
            return size / (1024 * 1024) + "M";
        }
        return size / (1024L * 1024 * 1024) + "G";
    }
}
