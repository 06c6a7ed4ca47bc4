package dev.twistlet.web;

import java.net.URLDecoder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code application/x-www-form-urlencoded} text (a query string, or a form's body) as
 * arguments: {@code a=1&b=x+y} is {@code a: [1], b: [x y]}. A pair without {@code =} is a
 * name with an empty value; a malformed escape is kept as it was sent.
 */
public final class FormArguments {
    private FormArguments() {
    }

    /**
     * Adds the pairs of {@code encoded} to {@code args}, after any values already there.
     *
     * @param args    the arguments, name to values in order
     * @param encoded the encoded text, or {@code null}
     * @param charset how the escaped bytes are to be read
     */
    public static void addTo(Map<String, List<String>> args, String encoded, Charset charset) {
        if (encoded == null || encoded.isEmpty()) {
            return;
        }
        for (String pair : encoded.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq), charset);
            args.computeIfAbsent(name, k -> new ArrayList<>()).add(eq < 0 ? "" : decode(pair.substring(eq + 1), charset));
        }
    }

    /**
     * A request's arguments: the query's, then those of a form body of type
     * {@code application/x-www-form-urlencoded} no longer than {@code maxFormBytes}, read in
     * the body's declared charset (UTF-8 when none or an unknown one is named).
     *
     * @param rawQuery     the query as sent, or {@code null}
     * @param contentType  the body's {@code Content-Type}, or {@code null}
     * @param body         the body, read whole
     * @param maxFormBytes the longest body whose fields count
     * @return the arguments, unmodifiable, each name with its values in order
     */
    static Map<String, List<String>> ofRequest(String rawQuery, String contentType, RequestContent body,
            int maxFormBytes) {
        Map<String, List<String>> merged = new LinkedHashMap<>();
        addTo(merged, rawQuery, StandardCharsets.UTF_8);
        if (contentType != null
                && contentType.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")
                && body.length() <= maxFormBytes) {
            Charset charset = charsetOf(contentType);
            addTo(merged, new String(body.bytes(), charset), charset);
        }
        merged.replaceAll((name, values) -> List.copyOf(values));
        return Collections.unmodifiableMap(merged);
    }

    private static Charset charsetOf(String contentType) {
        int at = contentType.toLowerCase(Locale.ROOT).indexOf("charset=");
        if (at >= 0) {
            String name = contentType.substring(at + 8).split(";")[0].trim().replace("\"", "");
            try {
                return Charset.forName(name);
            } catch (IllegalArgumentException unknown) {
                // the default below
            }
        }
        return StandardCharsets.UTF_8;
    }

    private static String decode(String text, Charset charset) {
        try {
            return URLDecoder.decode(text, charset);
        } catch (IllegalArgumentException e) {
            return text;
        }
    }
}
