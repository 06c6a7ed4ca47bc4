package dev.twistlet.web.script;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twistlet.web.Site;
import dev.twistlet.web.files.FileResource;
import dev.twistlet.web.servlet.JettyFixture;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.ref.WeakReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 2,000 edits of one script, each fetched over HTTP: every replaced compile's class loader
 * must become garbage, and metaspace and heap must not grow with the number of edits.
 */
class ScriptLeakTest {
    static final int EDITS = 2_000;
    static final int WARM_UP = 200;

    @TempDir
    Path dir;

    static final String SCRIPT = """
            import dev.twistlet.web.Request;
            import dev.twistlet.web.Resource;

            registry.setComponent(ClassLoader.class, getClass().getClassLoader());
            record Greeting(String text) { }
            var greeting = new Greeting("edit %d");
            resource = new Resource() {
                @Override public Object renderGet(Request request) { return greeting.text(); }
            };
            """;

    @Test
    void editsLeaveNoClassLoaderBehind() throws Exception {
        FileResource root = new FileResource(dir);
        root.addProcessor(".rpy", new ResourceScript());
        Path script = dir.resolve("edited.rpy");
        List<WeakReference<ClassLoader>> loaders = new ArrayList<>();
        long metaspaceAfterWarmUp = 0;
        long heapAfterWarmUp = 0;
        try (JettyFixture jetty = JettyFixture.serve(new Site(root))) {
            for (int edit = 1; edit <= EDITS; edit++) {
                Files.writeString(script, SCRIPT.formatted(edit));
                assertThat(jetty.get("/edited.rpy").body()).isEqualTo("edit " + edit);
                loaders.add(new WeakReference<>(root.getRegistry().getComponent(ClassLoader.class)));
                if (edit == WARM_UP) {
                    metaspaceAfterWarmUp = usedAfterGc(MemoryType.NON_HEAP, "Metaspace");
                    heapAfterWarmUp = usedAfterGc(MemoryType.HEAP, null);
                }
            }
            long metaspaceGrowth = usedAfterGc(MemoryType.NON_HEAP, "Metaspace") - metaspaceAfterWarmUp;
            long heapGrowth = usedAfterGc(MemoryType.HEAP, null) - heapAfterWarmUp;

            long alive = loaders.stream().filter(ref -> ref.get() != null).count();
            assertThat(alive).as("script class loaders still reachable after %d edits", EDITS).isLessThanOrEqualTo(2);
            assertThat(loaders.get(EDITS - 1).get()).as("the current script's loader is in use").isNotNull();
            System.out.printf("ScriptLeakTest: over %d edits metaspace grew %d KB, heap %d KB%n",
                    EDITS - WARM_UP, metaspaceGrowth >> 10, heapGrowth >> 10);
            // Measured: about 2.5 MB of growth (the compiler warming up); with every loader
            // kept alive, 14 MB. The bound sits between.
            assertThat(metaspaceGrowth).as("metaspace growth over %d edits", EDITS - WARM_UP).isLessThan(6L << 20);
            assertThat(heapGrowth).as("heap growth over %d edits", EDITS - WARM_UP).isLessThan(16L << 20);
        }
    }

    private static long usedAfterGc(MemoryType type, String pool) throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(20);
        }
        long used = 0;
        for (MemoryPoolMXBean bean : ManagementFactory.getMemoryPoolMXBeans()) {
            if (bean.getType() == type && (pool == null || bean.getName().equals(pool))) {
                used += bean.getUsage().getUsed();
            }
        }
        return used;
    }
}
