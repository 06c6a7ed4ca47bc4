package dev.twistlet.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twistlet.testing.Readme;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The systemd unit shipped as {@code docs/twistlet.service} is one systemd takes as written:
 * {@code systemd-analyze verify} has nothing to say about it once its {@code ExecStart} names
 * this checkout's {@code twistlet} script (the unit's {@code /opt/twistlet} does not exist
 * here); it stops with SIGTERM, and gives the stop more time than the launcher's drain delay
 * and shutdown timeout take together.
 */
class SystemdUnitIT {
    private static final Path UNIT = Readme.CHECKOUT.resolve("docs/twistlet.service");
    private static final String INSTALLED_SCRIPT = "/opt/twistlet/twistlet";

    @TempDir
    Path dir;

    @Test
    void systemdAnalyzeVerifiesTheUnit() throws Exception {
        String unit = Files.readString(UNIT);
        assertThat(unit).contains("ExecStart=" + INSTALLED_SCRIPT + " web ");
        Path copy = dir.resolve("twistlet.service");
        Files.writeString(copy, unit.replace("ExecStart=" + INSTALLED_SCRIPT,
                "ExecStart=" + Readme.CHECKOUT.resolve("twistlet")));
        Process verify = new ProcessBuilder("systemd-analyze", "verify", copy.toString()).redirectErrorStream(true).start();
        String said = new String(verify.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(verify.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(verify.exitValue()).as("systemd-analyze verify: %s", said).isZero();
        // It exits 0 on settings it ignores (a misspelt Type=, a bad time): it must say nothing.
        assertThat(said).as("systemd-analyze verify's complaints").isBlank();
    }

    @Test
    void itStopsWithSigtermAndWaitsLongerThanTheGracefulStop() throws Exception {
        String unit = Files.readString(UNIT);
        assertThat(unit).contains("\nType=exec\n").contains("\nKillSignal=SIGTERM\n");
        int drain = number(unit, "--drain-delay (\\d+)");
        int timeout = number(unit, "--shutdown-timeout (\\d+)");
        int stop = number(unit, "\nTimeoutStopSec=(\\d+)\n");
        assertThat(stop).as("TimeoutStopSec against drain delay %d s + shutdown timeout %d s", drain, timeout)
                .isGreaterThan(drain + timeout);
    }

    private static int number(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertThat(m.find()).as("%s in the unit", regex).isTrue();
        return Integer.parseInt(m.group(1));
    }
}
