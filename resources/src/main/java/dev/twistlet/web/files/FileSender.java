package dev.twistlet.web.files;

import dev.twistlet.web.IResource;
import dev.twistlet.web.Request;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends one file for a GET or HEAD: type, encoding, {@code Accept-Ranges}, conditional
 * requests ({@code ETag}/{@code If-None-Match}, {@code Last-Modified}/{@code If-Modified-Since},
 * {@code If-Range}) and byte ranges (overlapping or adjacent ones coalesced first, so an
 * answer never holds more than the file plus the multipart framing; one range as 206, several
 * as {@code multipart/byteranges} with an exact length, none satisfiable as 416). Small files
 * go out in one piece; larger ones are streamed in blocks, the file open only while they are.
 */
final class FileSender {
    private static final Logger LOG = LoggerFactory.getLogger(FileSender.class);
    private static final int BLOCK = 64 * 1024;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path path;
    private final ByteBuffer content;
    private final long size;
    private final Instant modified;
    private final MimeTypes.TypeAndEncoding type;
    private final String etag;

    FileSender(Path path, FileCache.Entry file, MimeTypes.TypeAndEncoding type) {
        this.path = path;
        this.content = file.content();
        this.size = file.size();
        this.modified = Instant.ofEpochMilli(file.modifiedMillis());
        this.type = type;
        this.etag = file.etag();
    }

    Object send(Request request) {
        request.setHeader("Accept-Ranges", "bytes");
        request.setHeader("Content-Type", type.type());
        if (type.encoding() != null) {
            request.setHeader("Content-Encoding", type.encoding());
        }
        boolean tagMatched = request.setETag(etag);
        boolean notModified = request.setLastModified(modified);
        if (tagMatched || notModified) {
            request.setHeader("Content-Type", null);
            request.setHeader("Content-Encoding", null);
            return "";
        }
        // Range applies to GET only (RFC 9110 section 14.2): HEAD describes the whole file.
        String range = "GET".equals(request.getMethod()) ? request.getHeader("Range") : null;
        ByteRanges.Result ranges = range != null && rangeAllowed(request)
                ? ByteRanges.parse(range, size) : new ByteRanges.Whole();
        if (ranges instanceof ByteRanges.Unsatisfiable) {
            request.setResponseCode(416);
            request.setHeader("Content-Range", "bytes */" + size);
            request.setHeader("Content-Length", "0");
            return "";
        }
        if (ranges instanceof ByteRanges.Parts parts && parts.ranges().size() == 1) {
            ByteRanges.Range r = parts.ranges().get(0);
            request.setResponseCode(206);
            request.setHeader("Content-Range", "bytes " + r.first() + "-" + r.last() + "/" + size);
            return body(request, List.of(r), null);
        }
        if (ranges instanceof ByteRanges.Parts parts) {
            return multipart(request, parts.ranges());
        }
        return body(request, List.of(new ByteRanges.Range(0, size - 1)), null);
    }

    /** {@code If-Range} keeps ranges only while the client's copy is this one (strong comparison). */
    private boolean rangeAllowed(Request request) {
        String ifRange = request.getHeader("If-Range");
        if (ifRange == null) {
            return true;
        }
        String v = ifRange.trim();
        if (v.startsWith("\"")) {
            return v.equals(etag);
        }
        return v.equals(request.getResponseHeader("Last-Modified"));
    }

    private Object multipart(Request request, List<ByteRanges.Range> ranges) {
        String boundary = HexFormat.of().formatHex(RANDOM.generateSeed(8));
        request.setResponseCode(206);
        request.setHeader("Content-Type", "multipart/byteranges; boundary=" + boundary);
        byte[][] heads = new byte[ranges.size()][];
        long length = 0;
        for (int i = 0; i < ranges.size(); i++) {
            ByteRanges.Range r = ranges.get(i);
            heads[i] = ("\r\n--" + boundary + "\r\nContent-Type: " + type.type() + "\r\nContent-Range: bytes "
                    + r.first() + "-" + r.last() + "/" + size + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
            length += heads[i].length + r.length();
        }
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII);
        return body(request, ranges, new Framing(heads, tail, length + tail.length));
    }

    /** The part headers and closing line around the ranges of a multipart answer. */
    private record Framing(byte[][] heads, byte[] tail, long length) {
    }

    private Object body(Request request, List<ByteRanges.Range> ranges, Framing framing) {
        long length = framing != null ? framing.length() : ranges.get(0).length();
        request.setHeader("Content-Length", Long.toString(length));
        if ("HEAD".equals(request.getMethod()) || length == 0) {
            return "";
        }
        if (content != null) {
            return fromMemory(request, ranges, framing);
        }
        try (FileChannel file = FileChannel.open(path, StandardOpenOption.READ)) {
            if (framing == null && length <= BLOCK) {
                return read(file, ranges.get(0).first(), (int) length);
            }
            for (int i = 0; i < ranges.size(); i++) {
                if (framing != null) {
                    request.write(framing.heads()[i]);
                }
                ByteRanges.Range r = ranges.get(i);
                for (long at = r.first(); at <= r.last() && !request.isFinished(); at += BLOCK) {
                    request.write(read(file, at, (int) Math.min(BLOCK, r.last() - at + 1)));
                }
            }
            if (framing != null) {
                request.write(framing.tail());
            }
        } catch (IOException e) {
            // Changed or gone on disk since its facts were read: a 500, or a cut once part went out.
            LOG.warn("Could not send {} for {} {}: {}", path, request.getMethod(), request.getUri(), e.toString());
            request.writeError(500, "Internal Server Error", "The file could not be read.");
            return IResource.NOT_DONE_YET;
        }
        request.finish();
        return IResource.NOT_DONE_YET;
    }

    private Object fromMemory(Request request, List<ByteRanges.Range> ranges, Framing framing) {
        for (int i = 0; i < ranges.size(); i++) {
            ByteRanges.Range r = ranges.get(i);
            if (framing != null) {
                request.write(framing.heads()[i]);
            }
            // A read-only view of the cached bytes: the cache is shared by every request.
            request.write(content.duplicate().position((int) r.first()).limit((int) r.last() + 1));
        }
        if (framing != null) {
            request.write(framing.tail());
        }
        request.finish();
        return IResource.NOT_DONE_YET;
    }

    private static byte[] read(FileChannel file, long at, int length) throws IOException {
        byte[] out = new byte[length];
        ByteBuffer buffer = ByteBuffer.wrap(out);
        for (long position = at; buffer.hasRemaining(); ) {
            int got = file.read(buffer, position);
            if (got < 0) {
                throw new IOException("the file shrank while it was being sent");
            }
            position += got;
        }
        return out;
    }
}
