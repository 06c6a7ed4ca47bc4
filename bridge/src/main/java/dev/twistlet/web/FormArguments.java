package dev.twistlet.web;

import java.net.URLDecoder;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.List;
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

    private static String decode(String text, Charset charset) {
        try {
            return URLDecoder.decode(text, charset);
        } catch (IllegalArgumentException e) {
            return text;
        }
    }
}
