package dev.twistlet.web;

/** HTML text helpers shared by the pages Twistlet writes itself. */
public final class Html {
    private Html() {
    }

    /**
     * Escapes text for use in HTML element content and in quoted attribute values.
     *
     * @param text any text, {@code null} counting as empty
     * @return the text with {@code & < > " '} replaced by character references
     */
    public static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            String ref = switch (c) {
                case '&' -> "&amp;";
                case '<' -> "&lt;";
                case '>' -> "&gt;";
                case '"' -> "&quot;";
                case '\'' -> "&#x27;";
                default -> null;
            };
            if (ref != null && out == null) {
                out = new StringBuilder(text.length() + 16).append(text, 0, i);
            }
            if (out != null) {
                if (ref != null) {
                    out.append(ref);
                } else {
                    out.append(c);
                }
            }
        }
        return out == null ? text : out.toString();
    }
}
