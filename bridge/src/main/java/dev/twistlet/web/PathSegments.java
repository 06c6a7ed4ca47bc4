package dev.twistlet.web;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits raw URL paths into decoded segments and quotes segments back, the way Twisted
 * builds {@code request.postpath} and {@code prePathURL()}: split the raw path on
 * {@code /} first, then percent-decode each segment, so {@code %2F} stays inside one.
 */
public final class PathSegments {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private PathSegments() {
    }

    /**
     * Splits a raw path into decoded segments: {@code "/"} gives {@code [""]},
     * {@code "/a/"} gives {@code ["a", ""]}, {@code "/a%2Fb"} gives {@code ["a/b"]}, and an
     * empty path gives an empty list.
     *
     * @param rawPath a percent-encoded path, empty or starting with {@code /}
     * @return a new mutable list of decoded segments
     * @throws IllegalArgumentException when a segment is not valid percent-encoded UTF-8
     */
    public static List<String> split(String rawPath) {
        List<String> segments = new ArrayList<>();
        if (rawPath.isEmpty()) {
            return segments;
        }
        int start = rawPath.charAt(0) == '/' ? 1 : 0;
        while (true) {
            int slash = rawPath.indexOf('/', start);
            int end = slash < 0 ? rawPath.length() : slash;
            segments.add(decode(rawPath.substring(start, end)));
            if (slash < 0) {
                return segments;
            }
            start = slash + 1;
        }
    }

    /**
     * Percent-decodes one segment as UTF-8; {@code +} stays a plus sign.
     *
     * @param raw the encoded segment
     * @return the decoded text
     * @throws IllegalArgumentException on a bad escape or bytes that are not UTF-8
     */
    public static String decode(String raw) {
        if (raw.indexOf('%') < 0) {
            return raw;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length()) {
                    throw new IllegalArgumentException("truncated escape in path segment: " + raw);
                }
                int hi = hexDigit(raw.charAt(i + 1));
                int lo = hexDigit(raw.charAt(i + 2));
                if (hi < 0 || lo < 0) {
                    throw new IllegalArgumentException("bad escape in path segment: " + raw);
                }
                bytes.write(hi << 4 | lo);
                i += 2;
            } else {
                // Encode the whole unescaped run at once, so surrogate pairs stay together.
                int end = raw.indexOf('%', i);
                end = end < 0 ? raw.length() : end;
                byte[] plain = raw.substring(i, end).getBytes(StandardCharsets.UTF_8);
                bytes.write(plain, 0, plain.length);
                i = end - 1;
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("path segment is not UTF-8: " + raw, e);
        }
    }

    /** RFC 3986's HEXDIG: ASCII only, where Character.digit also takes other scripts' digits. */
    private static int hexDigit(char c) {
        return c < 128 ? Character.digit(c, 16) : -1;
    }

    /**
     * Percent-encodes one segment as UTF-8, keeping only letters, digits and {@code -._~}
     * (Python's {@code quote(segment, safe="")}), so the result is safe in any URL path.
     *
     * @param segment decoded text
     * @return the encoded segment
     */
    public static String quote(String segment) {
        StringBuilder out = new StringBuilder(segment.length() + 8);
        for (byte b : segment.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || c == '-' || c == '.' || c == '_' || c == '~') {
                out.append((char) c);
            } else {
                out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
            }
        }
        return out.toString();
    }
}
