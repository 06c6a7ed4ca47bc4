package dev.twistlet.web;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;

/** The date and entity-tag rules behind conditional GET (RFC 9110 section 13). */
final class Conditional {
    private Conditional() {
    }

    /** IMF-fixdate (RFC 9110 section 5.6.7): two-digit day, always GMT. */
    private static final DateTimeFormatter HTTP_DATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", java.util.Locale.US);

    /** The last date formatted: busy files ask for the same one over and over. */
    private record Formatted(long epochSecond, String text) {
    }

    private static volatile Formatted last = new Formatted(Long.MIN_VALUE, "");

    static String formatDate(Instant when) {
        long second = when.getEpochSecond();
        Formatted f = last;
        if (f.epochSecond() != second) {
            f = new Formatted(second, HTTP_DATE.format(ZonedDateTime.ofInstant(Instant.ofEpochSecond(second), ZoneOffset.UTC)));
            last = f;
        }
        return f.text();
    }

    /** If-Modified-Since counts only for GET and HEAD, and only without If-None-Match. */
    static boolean notModifiedSince(Instant lastModified, HttpRequest request) {
        String since = request.getHeader("If-Modified-Since");
        if (since == null) {
            return false;
        }
        String method = request.getMethod();
        if (since == null || request.getHeader("If-None-Match") != null
                || !("GET".equals(method) || "HEAD".equals(method))) {
            return false;
        }
        try {
            Instant client = ZonedDateTime.parse(since.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            return !lastModified.truncatedTo(ChronoUnit.SECONDS).isAfter(client);
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    static String quoteETag(String etag) {
        if (etag.startsWith("\"") || etag.startsWith("W/\"")) {
            return etag;
        }
        return "\"" + etag + "\"";
    }

    /** Weak comparison: {@code W/"x"} matches {@code "x"}; {@code *} matches any tag. */
    static boolean noneMatchHits(String etag, List<String> headers) {
        String opaque = opaque(etag);
        for (String header : headers) {
            for (String candidate : header.split(",")) {
                String c = candidate.trim();
                if (c.equals("*") || !c.isEmpty() && opaque(c).equals(opaque)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String opaque(String tag) {
        return tag.startsWith("W/") ? tag.substring(2) : tag;
    }
}
