package dev.twistlet.web.script;

/**
 * Turns a script (import lines, then statements) into one Java compilation unit: a class
 * extending the script's scope whose {@code run()} method holds the statements. The class
 * header is spliced in on the line where the statements begin, so every line of the
 * generated source has the number it has in the script and the compiler's messages point
 * at the script's own lines.
 */
final class ScriptSource {
    private ScriptSource() {
    }

    /**
     * @param text      the script's text
     * @param className the simple name of the class to generate
     * @param scope     the class it extends: public, with a no-argument constructor and a
     *                  {@code protected abstract void run() throws Exception}
     * @return the compilation unit's text
     */
    static String wrap(String text, String className, Class<?> scope) {
        int body = endOfImports(text);
        return text.substring(0, body) + " public final class " + className + " extends " + scope.getCanonicalName()
                + " { @Override protected void run() throws Exception {" + text.substring(body) + "\n}}\n";
    }

    /**
     * @param fileName the script's file name
     * @return a Java identifier naming the script's class, e.g. {@code counter_rpy}
     */
    static String className(String fileName) {
        StringBuilder name = new StringBuilder("script_");
        for (int i = 0; i < fileName.length(); i++) {
            char c = fileName.charAt(i);
            name.append(Character.isJavaIdentifierPart(c) && c != '$' ? c : '_');
        }
        return name.toString();
    }

    /** The offset just after the last leading {@code import ...;}, skipping blanks and comments. */
    static int endOfImports(String text) {
        int end = 0;
        int i = 0;
        while (true) {
            i = skipBlanksAndComments(text, i);
            if (!text.startsWith("import", i) || i + 6 >= text.length()
                    || Character.isJavaIdentifierPart(text.charAt(i + 6))) {
                return end;
            }
            int semicolon = text.indexOf(';', i);
            if (semicolon < 0) {
                return end;
            }
            end = semicolon + 1;
            i = end;
        }
    }

    private static int skipBlanksAndComments(String text, int i) {
        while (i < text.length()) {
            if (Character.isWhitespace(text.charAt(i))) {
                i++;
            } else if (text.startsWith("//", i)) {
                int eol = text.indexOf('\n', i);
                i = eol < 0 ? text.length() : eol + 1;
            } else if (text.startsWith("/*", i)) {
                int close = text.indexOf("*/", i + 2);
                i = close < 0 ? text.length() : close + 2;
            } else {
                break;
            }
        }
        return i;
    }
}
