package dev.brisk.server.support;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A scrape of {@code GET /metrics} read back: each family's type and help, and every sample line. */
public final class PrometheusText {
    /** One metric family as its {@code # TYPE} and {@code # HELP} lines describe it. */
    public record Family(String name, String type, String help) {
    }

    private final Map<String, Family> families = new LinkedHashMap<>();
    private final List<String> samples;

    public PrometheusText(String text) {
        Map<String, String> help = new LinkedHashMap<>();
        Map<String, String> type = new LinkedHashMap<>();
        for (String line : text.lines().toList()) {
            if (line.startsWith("# HELP ")) {
                String[] parts = line.substring(7).split(" ", 2);
                help.put(parts[0], parts.length > 1 ? parts[1].strip() : "");
            } else if (line.startsWith("# TYPE ")) {
                String[] parts = line.substring(7).split(" ", 2);
                type.put(parts[0], parts[1].strip());
            }
        }
        type.forEach((name, t) -> families.put(name, new Family(name, t, help.getOrDefault(name, ""))));
        samples = text.lines().filter(line -> !line.startsWith("#") && !line.isBlank()).toList();
    }

    public Map<String, Family> families() {
        return families;
    }

    /** The lines of samples (name, labels, value). */
    public List<String> samples() {
        return samples;
    }

    /** The names of every series in the scrape, such as {@code brisk_recommend_latency_seconds_bucket}. */
    public Set<String> seriesNames() {
        Set<String> names = new LinkedHashSet<>();
        for (String sample : samples) {
            int end = 0;
            while (end < sample.length() && sample.charAt(end) != '{' && sample.charAt(end) != ' ') {
                end++;
            }
            names.add(sample.substring(0, end));
        }
        return names;
    }
}
