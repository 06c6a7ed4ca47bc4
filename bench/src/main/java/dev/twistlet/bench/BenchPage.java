package dev.twistlet.bench;

import java.nio.charset.StandardCharsets;

/** A 100 KB HTML page of ordinary text, the body of the compression scenarios. */
public final class BenchPage {
    /** The page's bytes, UTF-8. */
    public static final byte[] HTML = build().getBytes(StandardCharsets.UTF_8);

    private BenchPage() {
    }

    private static String build() {
        StringBuilder page = new StringBuilder("<!doctype html><html><head><title>Bench</title></head><body>\n");
        String[] words = {"resource", "tree", "request", "render", "child", "site", "traversal", "deferred",
            "twisted", "servlet", "segment", "prepath", "postpath", "finish", "write", "session"};
        long seed = 7;
        for (int row = 0; page.length() < 100 * 1024 - 200; row++) {
            page.append("<p id=\"p").append(row).append("\">");
            for (int w = 0; w < 12; w++) {
                seed = seed * 6364136223846793005L + 1442695040888963407L;
                page.append(words[(int) ((seed >>> 33) % words.length)]).append(' ');
            }
            page.append(row).append("</p>\n");
        }
        return page.append("</body></html>\n").toString();
    }
}
