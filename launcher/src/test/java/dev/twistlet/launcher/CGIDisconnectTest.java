package dev.twistlet.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twistlet.web.Resource;
import dev.twistlet.web.Site;
import dev.twistlet.web.cgi.CGIConfig;
import dev.twistlet.web.cgi.CGIScript;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On the launcher's server, which watches idle connections: a CGI script that has written
 * nothing yet is killed, with its child, soon after its client goes away, long before its
 * timeout.
 */
class CGIDisconnectTest {
    @TempDir
    Path dir;

    @Test
    void aClientThatLeavesKillsTheScriptAndItsChild() throws Exception {
        Path pids = dir.resolve("pids");
        Path script = dir.resolve("waiter.cgi");
        Files.writeString(script, "#!/bin/sh\nsleep 300 &\necho \"$$ $!\" > \"$PIDS\"\nwait\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        Resource root = new Resource();
        root.putChild("waiter", new CGIScript(script, CGIConfig.DEFAULTS.withTimeout(Duration.ofMinutes(2))
                .withEnvironment(Map.of("PIDS", pids.toString()))));
        try (Served served = Served.site(new Site(root))) {
            try (Socket socket = served.rawRequest("GET /waiter HTTP/1.1")) {
                for (int i = 0; i < 200 && !(Files.exists(pids) && Files.readString(pids).strip().contains(" ")); i++) {
                    Thread.sleep(25);
                }
                assertThat(pids).exists();
            }
            for (String pid : Files.readString(pids).strip().split(" ")) {
                assertThat(gone(Long.parseLong(pid))).as("process %s ended after its client left", pid).isTrue();
            }
        }
    }

    /** @return whether the process ended within 5 s, well inside the script's 2-minute timeout */
    private static boolean gone(long pid) throws InterruptedException {
        for (int i = 0; i < 200; i++) {
            if (ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true)) {
                return true;
            }
            Thread.sleep(25);
        }
        return false;
    }
}
