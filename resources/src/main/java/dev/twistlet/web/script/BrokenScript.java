package dev.twistlet.web.script;

import dev.twistlet.web.ErrorPage;
import dev.twistlet.web.Html;
import dev.twistlet.web.Request;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a script that does not compile answers in place of its resource, for every method
 * and every path below it (an {@link ErrorPage}, so a leaf): a 500 "Processing Failed", with
 * the compiler's messages on the page only when the site displays tracebacks. The messages were logged once when this
 * version of the file was compiled (see {@link ScriptCache}); each request logs one short
 * line, without them and without a stack trace.
 */
final class BrokenScript extends ErrorPage {
    private static final Logger LOG = LoggerFactory.getLogger(BrokenScript.class);

    private final Path file;
    private final ScriptException failure;

    /**
     * @param file    the script
     * @param failure its compiler errors
     */
    BrokenScript(Path file, ScriptException failure) {
        super(500, "Processing Failed", "");
        this.file = file;
        this.failure = failure;
    }

    /** Answers 500 and logs one line naming the request and the script. */
    @Override
    public Object render(Request request) {
        int errors = failure.getProblems().size();
        LOG.warn("{} {}: 500, {} does not compile ({} error{})", request.getMethod(), request.getUri(), file,
                errors, errors == 1 ? "" : "s");
        request.setResponseCode(500);
        request.setHeader("Content-Type", "text/html; charset=utf-8");
        if (!request.getSite().isDisplayTracebacks()) {
            return ErrorPage.PROCESSING_FAILED;
        }
        return "<html><head><title>Processing Failed</title></head><body><b>Processing Failed</b>\n\n<pre>"
                + Html.escape(failure.getMessage()) + "</pre>\n</body></html>";
    }
}
