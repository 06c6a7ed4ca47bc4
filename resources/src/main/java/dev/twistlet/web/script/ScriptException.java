package dev.twistlet.web.script;

import java.nio.file.Path;
import java.util.List;

/**
 * A script that cannot be used: it does not compile (the message lists each error as
 * {@code file:line: error: message}, with the offending line), cannot be read, or failed
 * while it ran (the cause says why).
 */
public class ScriptException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** One compiler error: where it is and what it says. */
    public record Problem(Path file, int line, String message, String sourceLine) {
        @Override
        public String toString() {
            return file + ":" + line + ": error: " + message + (sourceLine == null ? "" : "\n    " + sourceLine.strip());
        }
    }

    private final transient List<Problem> problems;

    /**
     * A script that does not compile.
     *
     * @param file     the script
     * @param problems its errors, in the order the compiler found them
     */
    public ScriptException(Path file, List<Problem> problems) {
        super(file + " does not compile:\n" + String.join("\n", problems.stream().map(Problem::toString).toList()));
        this.problems = List.copyOf(problems);
    }

    /**
     * A script that cannot be read or that failed while it ran.
     *
     * @param message what went wrong, naming the script
     * @param cause   the failure
     */
    public ScriptException(String message, Throwable cause) {
        super(message, cause);
        this.problems = List.of();
    }

    /** @return the compiler's errors; empty when the script compiled and failed otherwise */
    public List<Problem> getProblems() {
        return problems;
    }
}
