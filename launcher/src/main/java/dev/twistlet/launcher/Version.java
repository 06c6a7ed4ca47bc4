package dev.twistlet.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** The version the build stamped into the launcher, for {@code --version}. */
public final class Version implements IVersionProvider {

    /** @return Twistlet's version, or {@code unknown} outside a built jar */
    public static String get() {
        Properties p = new Properties();
        try (InputStream in = Version.class.getResourceAsStream("/twistlet-version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // fall through to unknown
        }
        return p.getProperty("version", "unknown");
    }

    @Override
    public String[] getVersion() {
        return new String[] {"Twistlet " + get() + " (Java " + Runtime.version() + ")"};
    }
}
