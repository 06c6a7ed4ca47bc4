package dev.twistlet.bench;

import dev.twistlet.testing.InMemoryChannel;
import dev.twistlet.web.Request;
import dev.twistlet.web.Resource;
import dev.twistlet.web.Site;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The model's own costs, without a container: traversal of a six-level tree, method
 * dispatch to {@code renderGet}, the whole request (parse, traverse, render, respond), and
 * response header handling.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ModelBenchmark {
    private final Site site = new Site(new BenchRoot());
    private final Resource hello = new BenchRoot.Hello();

    /** @return the leaf six levels down, after splitting and decoding the path */
    @Benchmark
    public Object traverseSixLevels() {
        Request request = new Request(site, new InMemoryChannel("GET", "/a/b/c/d/e/hello"));
        return site.getResourceFor(request);
    }

    /** @return what {@code render} dispatches to for GET */
    @Benchmark
    public Object dispatchGet() {
        return hello.render(new Request(site, new InMemoryChannel("GET", "/hello")));
    }

    /** @return bytes written by a whole request through the model */
    @Benchmark
    public long processWholeRequest() {
        InMemoryChannel channel = new InMemoryChannel("GET", "/a/b/c/d/e/hello");
        new Request(site, channel).process();
        return channel.written();
    }

    /** @return a header read back after setting a few, as resources do */
    @Benchmark
    public String responseHeaders() {
        Request request = new Request(site, new InMemoryChannel("GET", "/hello"));
        request.setHeader("Content-Type", "text/plain; charset=utf-8");
        request.setHeader("Cache-Control", "no-store");
        request.addHeader("Vary", "Accept-Encoding");
        return request.getResponseHeader("content-type");
    }

    /** Stops the site's threads. */
    @TearDown
    public void close() {
        site.close();
    }
}
