package dev.twistlet.web.eventsource;

import java.util.List;
import java.util.Locale;

/**
 * Whether a request's {@code Accept} lets {@code text/event-stream} through. No header, an
 * empty one, or a quality that does not parse lets it through; otherwise the most specific range that matches
 * ({@code text/event-stream}, then {@code text/*}, then {@code *}{@code /*}) decides, and
 * none matching, or {@code q=0} on the one that decides, excludes it.
 */
final class AcceptCheck {
    private AcceptCheck() {
    }

    /**
     * @param accept every {@code Accept} header of the request, in order
     * @return whether an event stream is acceptable
     */
    static boolean allowsEventStream(List<String> accept) {
        boolean anyRange = false;
        int bestSpecificity = -1;
        boolean bestAllows = false;
        for (String header : accept) {
            for (String range : header.split(",")) {
                String[] parts = range.split(";");
                String type = parts[0].trim().toLowerCase(Locale.ROOT);
                if (type.isEmpty()) {
                    continue;
                }
                anyRange = true;
                int specificity = switch (type) {
                    case "text/event-stream" -> 2;
                    case "text/*" -> 1;
                    case "*/*" -> 0;
                    default -> -1;
                };
                if (specificity > bestSpecificity) {
                    Boolean allows = positiveQuality(parts);
                    if (allows == null) {
                        return true; // a quality that does not parse: not worth a 406
                    }
                    bestSpecificity = specificity;
                    bestAllows = allows;
                }
            }
        }
        return !anyRange || bestSpecificity >= 0 && bestAllows;
    }

    /** @return whether the range's {@code q} is above zero (no {@code q} is 1), or {@code null} when it does not parse */
    private static Boolean positiveQuality(String[] parts) {
        for (int i = 1; i < parts.length; i++) {
            String parameter = parts[i].trim();
            if (parameter.length() > 1 && (parameter.charAt(0) == 'q' || parameter.charAt(0) == 'Q')
                    && parameter.charAt(1) == '=') {
                try {
                    return Double.parseDouble(parameter.substring(2).trim()) > 0;
                } catch (NumberFormatException e) {
                    return null;
                }
            }
        }
        return true;
    }
}
