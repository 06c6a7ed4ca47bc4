package dev.twistlet.web.script;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.eclipse.jdt.core.compiler.CategorizedProblem;
import org.eclipse.jdt.core.compiler.CharOperation;
import org.eclipse.jdt.internal.compiler.ClassFile;
import org.eclipse.jdt.internal.compiler.CompilationResult;
import org.eclipse.jdt.internal.compiler.Compiler;
import org.eclipse.jdt.internal.compiler.DefaultErrorHandlingPolicies;
import org.eclipse.jdt.internal.compiler.env.ICompilationUnit;
import org.eclipse.jdt.internal.compiler.impl.CompilerOptions;
import org.eclipse.jdt.internal.compiler.lookup.LookupEnvironment;
import org.eclipse.jdt.internal.compiler.lookup.ModuleBinding;
import org.eclipse.jdt.internal.compiler.problem.DefaultProblemFactory;

/**
 * Compiles a Java script (import lines, then statements) in memory into a subclass of a
 * scope class, in a class loader of its own. The Eclipse compiler does the work, so a
 * runtime without {@code javax.tools} (a JRE) compiles scripts too, and the classes a
 * script may use are exactly those its parent class loader can load.
 *
 * <p>Used for {@code .rpy} resource scripts ({@link ResourceScriptScope}) and the
 * launcher's configuration scripts. Thread-safe: each call compiles on its own.
 */
public final class ScriptCompiler {
    private ScriptCompiler() {
    }

    /**
     * Reads and compiles a script.
     *
     * @param file   the script, UTF-8
     * @param scope  the class the script's statements run in: public, with a public
     *               no-argument constructor and {@code protected abstract void run() throws Exception};
     *               its fields are the names the script sees
     * @param parent where the script's classes look up everything else; when it cannot
     *               see {@code scope} itself, {@code scope}'s own loader is used
     * @param <T>    the scope type
     * @return the script's class, ready to instantiate
     * @throws ScriptException when the file cannot be read or does not compile
     */
    public static <T> Class<? extends T> compile(Path file, Class<T> scope, ClassLoader parent) {
        return compile(file, read(file), scope, parent);
    }

    /**
     * Compiles a script's text.
     *
     * @param file   the script's path, for messages and stack traces
     * @param text   the script's text
     * @param scope  see {@link #compile(Path, Class, ClassLoader)}
     * @param parent see {@link #compile(Path, Class, ClassLoader)}
     * @param <T>    the scope type
     * @return the script's class
     * @throws ScriptException when the text does not compile
     */
    public static <T> Class<? extends T> compile(Path file, String text, Class<T> scope, ClassLoader parent) {
        ClassLoader loader = sees(parent, scope) ? parent : scope.getClassLoader();
        String className = ScriptSource.className(String.valueOf(file.getFileName()));
        Unit unit = new Unit(file, className, ScriptSource.wrap(text, className, scope));
        Map<String, byte[]> classes = new HashMap<>();
        List<ScriptException.Problem> problems = new ArrayList<>();
        List<String> lines = text.lines().toList();
        Compiler compiler = new Compiler(new ClassLoaderNameEnvironment(loader, unit),
                DefaultErrorHandlingPolicies.proceedWithAllProblems(), new CompilerOptions(options()),
                result -> collect(result, file, lines, classes, problems), new DefaultProblemFactory(Locale.ENGLISH));
        compiler.compile(new ICompilationUnit[] {unit});
        if (!problems.isEmpty()) {
            throw new ScriptException(file, problems);
        }
        try {
            return new ScriptClassLoader(String.valueOf(file.getFileName()), loader, classes)
                    .loadClass(className).asSubclass(scope);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new ScriptException(file + " compiled but its class cannot be loaded: " + e, e);
        }
    }

    /**
     * @param file a script
     * @return its text
     * @throws ScriptException when it cannot be read as UTF-8
     */
    static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ScriptException("cannot read script " + file + ": " + e, e);
        }
    }

    private static boolean sees(ClassLoader parent, Class<?> scope) {
        if (parent == null) {
            return false;
        }
        try {
            return Class.forName(scope.getName(), false, parent) == scope;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    private static void collect(CompilationResult result, Path file, List<String> lines, Map<String, byte[]> classes,
            List<ScriptException.Problem> problems) {
        if (result.hasErrors()) {
            for (CategorizedProblem problem : result.getErrors()) {
                int line = problem.getSourceLineNumber();
                String source = line >= 1 && line <= lines.size() ? lines.get(line - 1) : null;
                problems.add(new ScriptException.Problem(file, line, problem.getMessage(), source));
            }
            return;
        }
        for (ClassFile classFile : result.getClassFiles()) {
            classes.put(CharOperation.toString(classFile.getCompoundName()), classFile.getBytes());
        }
    }

    private static Map<String, String> options() {
        Map<String, String> options = new HashMap<>();
        options.put(CompilerOptions.OPTION_Source, CompilerOptions.VERSION_17);
        options.put(CompilerOptions.OPTION_Compliance, CompilerOptions.VERSION_17);
        options.put(CompilerOptions.OPTION_TargetPlatform, CompilerOptions.VERSION_17);
        options.put(CompilerOptions.OPTION_LineNumberAttribute, CompilerOptions.GENERATE);
        options.put(CompilerOptions.OPTION_SourceFileAttribute, CompilerOptions.GENERATE);
        options.put(CompilerOptions.OPTION_LocalVariableAttribute, CompilerOptions.GENERATE);
        options.put(CompilerOptions.OPTION_ReportDeprecation, CompilerOptions.IGNORE);
        return options;
    }

    /** The generated source as the compiler reads it. */
    private record Unit(Path file, String className, String source) implements ICompilationUnit {
        @Override
        public char[] getContents() {
            return source.toCharArray();
        }

        @Override
        public char[] getMainTypeName() {
            return className.toCharArray();
        }

        @Override
        public char[][] getPackageName() {
            return null;
        }

        @Override
        public char[] getFileName() {
            return file.toString().toCharArray();
        }

        /** Scripts live in the unnamed module, seeing what their class loader sees. */
        @Override
        public ModuleBinding module(LookupEnvironment environment) {
            return environment.UnNamedModule;
        }
    }
}
