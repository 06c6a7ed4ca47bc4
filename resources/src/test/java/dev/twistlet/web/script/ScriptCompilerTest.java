package dev.twistlet.web.script;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The script compiler on its own: what a script may contain and how its errors read. */
public class ScriptCompilerTest {
    /** A scope for these tests: the script appends to {@code out}. */
    public abstract static class Scope {
        protected List<Object> out = new ArrayList<>();

        protected abstract void run() throws Exception;
    }

    static List<Object> run(String name, String text) throws Exception {
        Scope scope = ScriptCompiler.compile(Path.of("/scripts", name), text, Scope.class, Scope.class.getClassLoader())
                .getConstructor().newInstance();
        scope.run();
        return scope.out;
    }

    @Test
    void importsCommentsLocalTypesAndLambdasAreAllowed() throws Exception {
        String text = """
                // a comment before the imports
                import java.util.List;
                /* a block comment */ import static java.lang.Math.max;
                import java.util.function.*;

                record Point(int x, int y) { }
                interface Shape { int area(); }
                enum Colour { RED, GREEN }
                class Square implements Shape {
                    static int made;
                    public int area() { return 4; }
                }
                Function<Integer, Integer> twice = n -> n * 2;
                out.add(new Point(1, 2));
                out.add(max(3, new Square().area()));
                out.add(twice.apply(21));
                out.add(List.of(Colour.values()).size());
                """;
        assertThat(run("all.rpy", text)).extracting(String::valueOf).containsExactly("Point[x=1, y=2]", "4", "42", "2");
    }

    @Test
    void statementsMayStartOnTheLastImportsLine() throws Exception {
        assertThat(run("one-line.rpy", "import java.util.List; out.add(List.of(1).size());")).containsExactly(1);
    }

    @Test
    void anyFileNameMakesAClass() throws Exception {
        assertThat(run("my-page.v2 (copy).rpy", "out.add(getClass().getSimpleName());"))
                .containsExactly("script_my_page_v2__copy__rpy");
        assertThat(run("123.rpy", "out.add(1);")).containsExactly(1);
    }

    @Test
    void errorsNameTheScriptsOwnLines() {
        String text = """
                import java.util.List;

                // line 4 has the first error, line 6 the second
                int a = "text";
                out.add(a);
                undefinedName.call();
                """;
        assertThatThrownBy(() -> run("bad.rpy", text))
                .isInstanceOfSatisfying(ScriptException.class, e -> {
                    assertThat(e.getProblems()).extracting(ScriptException.Problem::line).containsExactly(4, 6);
                    assertThat(e.getProblems().get(1).message()).isEqualTo("undefinedName cannot be resolved");
                    assertThat(e.getProblems().get(0).sourceLine()).isEqualTo("int a = \"text\";");
                })
                .hasMessageContaining("/scripts/bad.rpy:4: error: Type mismatch: cannot convert from String to int");
    }

    @Test
    void aMissingImportIsAnErrorOnItsLine() {
        assertThatThrownBy(() -> run("imports.rpy", "import no.such.Thing;\nout.add(1);\n"))
                .isInstanceOf(ScriptException.class).hasMessageContaining("imports.rpy:1: error: The import no.such.Thing cannot be resolved");
    }

    @Test
    void unbalancedBracesAndPackagesAreErrorsNotCrashes() {
        assertThatThrownBy(() -> run("braces.rpy", "out.add(1); } } }\n")).isInstanceOf(ScriptException.class);
        assertThatThrownBy(() -> run("package.rpy", "package evil;\nout.add(1);\n")).isInstanceOf(ScriptException.class);
        assertThatThrownBy(() -> run("empty-import.rpy", "import")).isInstanceOf(ScriptException.class);
    }

    @Test
    void aMissingFileSaysItCannotBeRead() {
        assertThatThrownBy(() -> ScriptCompiler.compile(Path.of("/no/such/script.rpy"), Scope.class, getClass().getClassLoader()))
                .isInstanceOf(ScriptException.class).hasMessageStartingWith("cannot read script /no/such/script.rpy");
    }

    @Test
    void eachCompileHasItsOwnLoader() throws Exception {
        ClassLoader parent = Scope.class.getClassLoader();
        Class<?> first = ScriptCompiler.compile(Path.of("same.rpy"), "out.add(1);", Scope.class, parent);
        Class<?> second = ScriptCompiler.compile(Path.of("same.rpy"), "out.add(1);", Scope.class, parent);
        assertThat(first.getName()).isEqualTo(second.getName());
        assertThat(first.getClassLoader()).isNotSameAs(second.getClassLoader());
        assertThat(first.getClassLoader().getParent()).isSameAs(parent);
    }
}
