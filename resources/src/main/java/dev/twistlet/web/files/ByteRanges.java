package dev.twistlet.web.files;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Parses a {@code Range: bytes=...} header against a file's length (RFC 9110 section 14).
 * A header it cannot read is ignored (the whole file is sent); one whose ranges all lie past
 * the end is unsatisfiable (416); a suffix longer than the file means the whole file.
 *
 * <p>Ranges that overlap or touch are coalesced (RFC 9110 section 14.2 allows it), so no
 * request makes the answer carry a byte of the file twice: {@code bytes=0-,0-,0-} is the
 * whole file once, not three times.
 */
final class ByteRanges {
    /** More ranges than this in one request are ignored, so no client can ask for a huge multipart answer. */
    static final int MAX_RANGES = 32;

    /** One inclusive range of bytes. */
    record Range(long first, long last) {
        long length() {
            return last - first + 1;
        }
    }

    /** What a Range header asks for. */
    sealed interface Result permits Whole, Unsatisfiable, Parts {
    }

    /** Send the whole file: no header, or one that cannot be honoured. */
    record Whole() implements Result {
    }

    /** Answer 416. */
    record Unsatisfiable() implements Result {
    }

    /**
     * Answer 206 with these ranges: disjoint and not adjacent, each within the file. They are
     * in the order asked when none were coalesced, else in ascending order.
     */
    record Parts(List<Range> ranges) implements Result {
    }

    private ByteRanges() {
    }

    /**
     * @param header the {@code Range} header's value, or {@code null}
     * @param length the file's length in bytes
     * @return what to send
     */
    static Result parse(String header, long length) {
        if (header == null) {
            return new Whole();
        }
        String h = header.trim();
        if (!h.regionMatches(true, 0, "bytes=", 0, 6)) {
            return new Whole();
        }
        String[] specs = h.substring(6).split(",");
        if (specs.length > MAX_RANGES) {
            return new Whole();
        }
        List<Range> ranges = new ArrayList<>();
        for (String raw : specs) {
            String spec = raw.trim();
            int dash = spec.indexOf('-');
            if (dash < 0) {
                return new Whole();
            }
            String from = spec.substring(0, dash).trim();
            String to = spec.substring(dash + 1).trim();
            try {
                if (from.isEmpty()) {
                    long suffix = Long.parseLong(to);
                    if (suffix < 0 || to.isEmpty()) {
                        return new Whole();
                    }
                    if (suffix > 0 && length > 0) {
                        ranges.add(new Range(Math.max(0, length - suffix), length - 1));
                    }
                } else {
                    long first = Long.parseLong(from);
                    long last = to.isEmpty() ? Long.MAX_VALUE : Long.parseLong(to);
                    if (first < 0 || last < first) {
                        return new Whole();
                    }
                    if (first < length) {
                        ranges.add(new Range(first, Math.min(last, length - 1)));
                    }
                }
            } catch (NumberFormatException e) {
                return new Whole();
            }
        }
        return ranges.isEmpty() ? new Unsatisfiable() : new Parts(coalesce(ranges));
    }

    /**
     * Merges ranges that overlap or touch. When nothing merges, the ranges keep the order asked
     * (RFC 9110 section 14.6 asks for it); otherwise they come sorted.
     */
    static List<Range> coalesce(List<Range> ranges) {
        List<Range> sorted = new ArrayList<>(ranges);
        sorted.sort(Comparator.comparingLong(Range::first));
        List<Range> merged = new ArrayList<>(sorted.size());
        for (Range r : sorted) {
            Range previous = merged.isEmpty() ? null : merged.get(merged.size() - 1);
            // previous.last() < Long.MAX_VALUE always: every range ends inside the file.
            if (previous != null && r.first() <= previous.last() + 1) {
                merged.set(merged.size() - 1, new Range(previous.first(), Math.max(previous.last(), r.last())));
            } else {
                merged.add(r);
            }
        }
        return List.copyOf(merged.size() == ranges.size() ? ranges : merged);
    }
}
