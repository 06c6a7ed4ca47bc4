package dev.twistlet.web.observe;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A scrape as the Prometheus project's own Python client parses it
 * ({@code prometheus_client.parser.text_string_to_metric_families}, Debian's
 * {@code python3-prometheus-client}): a text that parser refuses fails the test.
 */
record Scrape(List<Sample> samples) {
    /** What the parser prints: one sample a line, name, labels and value split by tabs. */
    private static final String PARSER = """
            import sys
            from prometheus_client.parser import text_string_to_metric_families
            for family in text_string_to_metric_families(sys.stdin.read()):
                for s in family.samples:
                    labels = "\\x1f".join(k + "=" + v for k, v in sorted(s.labels.items()))
                    print(family.type + "\\t" + s.name + "\\t" + labels + "\\t" + repr(float(s.value)))
            """;

    /** One sample: its family's type, its name, labels and value. */
    record Sample(String type, String name, Map<String, String> labels, double value) {
    }

    static Scrape parse(String text) throws IOException, InterruptedException {
        Process python = new ProcessBuilder("/usr/bin/python3", "-c", PARSER).start();
        try (OutputStream in = python.getOutputStream()) {
            in.write(text.getBytes(StandardCharsets.UTF_8));
        }
        String out = read(python.getInputStream());
        String err = read(python.getErrorStream());
        if (!python.waitFor(30, TimeUnit.SECONDS) || python.exitValue() != 0) {
            throw new AssertionError("the Prometheus parser refused the scrape: " + err + "\n" + text);
        }
        List<Sample> samples = new ArrayList<>();
        for (String line : out.split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            String[] part = line.split("\t", -1);
            Map<String, String> labels = new LinkedHashMap<>();
            if (!part[2].isEmpty()) {
                for (String pair : part[2].split("\u001f")) {
                    int eq = pair.indexOf('=');
                    labels.put(pair.substring(0, eq), pair.substring(eq + 1));
                }
            }
            samples.add(new Sample(part[0], part[1], labels, Double.parseDouble(part[3])));
        }
        return new Scrape(samples);
    }

    private static String read(InputStream stream) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        stream.transferTo(bytes);
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** @return the samples of that name */
    List<Sample> named(String name) {
        return samples.stream().filter(s -> s.name.equals(name)).collect(Collectors.toList());
    }

    /**
     * @param name   a sample name
     * @param labels label names and values, alternating; the sample may have more
     * @return the one sample's value, or {@code NaN} when there is none
     */
    double value(String name, String... labels) {
        List<Sample> found = named(name).stream().filter(s -> has(s, labels)).toList();
        if (found.size() > 1) {
            throw new AssertionError("several samples " + name + Arrays.toString(labels) + ": " + found);
        }
        return found.isEmpty() ? Double.NaN : found.get(0).value;
    }

    private static boolean has(Sample sample, String... labels) {
        for (int i = 0; i < labels.length; i += 2) {
            if (!labels[i + 1].equals(sample.labels.get(labels[i]))) {
                return false;
            }
        }
        return true;
    }
}
