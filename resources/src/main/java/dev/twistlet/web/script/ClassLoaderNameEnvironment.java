package dev.twistlet.web.script;

import java.io.IOException;
import java.io.InputStream;
import org.eclipse.jdt.internal.compiler.classfmt.ClassFileReader;
import org.eclipse.jdt.internal.compiler.classfmt.ClassFormatException;
import org.eclipse.jdt.internal.compiler.env.ICompilationUnit;
import org.eclipse.jdt.internal.compiler.env.INameEnvironment;
import org.eclipse.jdt.internal.compiler.env.NameEnvironmentAnswer;

/**
 * What the Eclipse compiler sees of the world: the script being compiled, and every class
 * its parent class loader can load, read as class files through
 * {@link ClassLoader#getResourceAsStream}. That works for any loader (a launcher's class
 * path, a web application's {@code WEB-INF/lib}, the JDK's modules) with no class path
 * string to build, as Jasper does for JSPs.
 */
final class ClassLoaderNameEnvironment implements INameEnvironment {
    private final ClassLoader loader;
    private final ICompilationUnit unit;
    private final String unitType;

    ClassLoaderNameEnvironment(ClassLoader loader, ICompilationUnit unit) {
        this.loader = loader;
        this.unit = unit;
        this.unitType = new String(unit.getMainTypeName());
    }

    @Override
    public NameEnvironmentAnswer findType(char[][] compoundName) {
        return find(join(compoundName, null));
    }

    @Override
    public NameEnvironmentAnswer findType(char[] typeName, char[][] packageName) {
        return find(join(packageName, typeName));
    }

    /**
     * A class loader cannot list packages, so a name is taken for a package when no class
     * has that name and, if it is capitalised like a class, the loader has a folder of that
     * name: {@code import no.such.Thing} then reads "cannot be resolved" rather than
     * "resolves to a package".
     */
    @Override
    public boolean isPackage(char[][] parentPackageName, char[] packageName) {
        String name = join(parentPackageName, packageName);
        if (name.equals(unitType) || name.startsWith(unitType + "$")) {
            return false;
        }
        String path = name.replace('.', '/');
        if (loader.getResource(path + ".class") != null) {
            return false;
        }
        return packageName.length == 0 || !Character.isUpperCase(packageName[0]) || loader.getResource(path + "/") != null;
    }

    @Override
    public void cleanup() {
        // nothing is held between lookups
    }

    private NameEnvironmentAnswer find(String name) {
        if (name.equals(unitType)) {
            return new NameEnvironmentAnswer(unit, null);
        }
        String resource = name.replace('.', '/') + ".class";
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) {
                return null;
            }
            return new NameEnvironmentAnswer(new ClassFileReader(in.readAllBytes(), resource.toCharArray(), true), null);
        } catch (IOException | ClassFormatException e) {
            return null;
        }
    }

    private static String join(char[][] packageName, char[] last) {
        StringBuilder name = new StringBuilder();
        if (packageName != null) {
            for (char[] part : packageName) {
                if (name.length() > 0) {
                    name.append('.');
                }
                name.append(part);
            }
        }
        if (last != null) {
            if (name.length() > 0) {
                name.append('.');
            }
            name.append(last);
        }
        return name.toString();
    }
}
