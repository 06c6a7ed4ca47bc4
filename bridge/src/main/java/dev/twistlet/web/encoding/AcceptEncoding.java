package dev.twistlet.web.encoding;

import java.util.Locale;

/**
 * Reads an {@code Accept-Encoding} header (RFC 9110 section 12.5.3): tokens in any case,
 * {@code q} weights ({@code q=0} refuses), and {@code *} for codings not named.
 */
public final class AcceptEncoding {
    private AcceptEncoding() {
    }

    /**
     * @param header the header's value, or {@code null} when absent
     * @param coding a content coding in lower case, e.g. {@code gzip}
     * @return whether the client accepts {@code coding}
     */
    public static boolean accepts(String header, String coding) {
        if (header == null) {
            return false;
        }
        double named = -1;
        double star = -1;
        for (String element : header.split(",")) {
            String[] parts = element.split(";", -1); // -1: ";" alone gives ["", ""], not an empty array
            String token = parts[0].trim().toLowerCase(Locale.ROOT);
            double q = 1;
            for (int i = 1; i < parts.length; i++) {
                String param = parts[i].trim();
                if (param.regionMatches(true, 0, "q=", 0, 2)) {
                    q = weight(param.substring(2).trim());
                }
            }
            if (token.equals(coding) || token.equals("x-" + coding)) {
                named = Math.max(named, q);
            } else if (token.equals("*")) {
                star = Math.max(star, q);
            }
        }
        return named >= 0 ? named > 0 : star > 0;
    }

    private static double weight(String value) {
        try {
            double q = Double.parseDouble(value);
            return q >= 0 && q <= 1 ? q : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
