package io.keelwatch.runtime.alerts;

import io.keelwatch.runtime.Priority;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiFunction;

/**
 * The alerts page's chart, a Chart.js stacked bar configuration built on the server (no inline script):
 * one bar per day, one colour per priority. {@code links} holds, per dataset and day, the list address
 * of exactly the alerts the segment counts; keelwatch.js opens it on a click.
 */
record AlertChart(String type, Data data, Map<String, Object> options, List<List<String>> links) {

    record Data(List<String> labels, List<Dataset> datasets) {
    }

    record Dataset(String label, List<Long> data, String backgroundColor) {
    }

    private static final String[] COLOURS = {"#3d0a0f", "#5c0b14", "#7a0916", "#d63939", "#f59f00", "#4299e1", "#74b816", "#868e96"};

    /**
     * @param days the chart's days, oldest first (UTC midnights)
     * @param link the list address of one priority's alerts on one day
     */
    static AlertChart of(List<OffsetDateTime> days, List<AlertQueries.DayCount> counts,
            BiFunction<Priority, OffsetDateTime, String> link) {
        Map<Integer, Map<OffsetDateTime, Long>> byRank = new TreeMap<>();
        counts.forEach(c -> byRank.computeIfAbsent(c.rank(), r -> new TreeMap<>()).put(c.day().toInstant().atOffset(
                java.time.ZoneOffset.UTC), c.alerts()));
        List<Dataset> datasets = new ArrayList<>();
        List<List<String>> links = new ArrayList<>();
        byRank.forEach((rank, perDay) -> {
            Priority priority = Priority.ofRank(rank);
            datasets.add(new Dataset(priority.label(), days.stream().map(d -> perDay.getOrDefault(d, 0L)).toList(), COLOURS[rank]));
            links.add(days.stream().map(d -> link.apply(priority, d)).toList());
        });
        List<String> labels = days.stream().map(DateTimeFormatter.ISO_LOCAL_DATE::format).toList();
        Map<String, Object> options = Map.of(
                "scales", Map.of("x", Map.of("stacked", true, "title", Map.of("display", true, "text", "day (UTC)")),
                        "y", Map.of("stacked", true, "beginAtZero", true, "title", Map.of("display", true, "text", "alerts"))),
                "plugins", Map.of("legend", Map.of("position", "bottom")));
        return new AlertChart("bar", new Data(labels, datasets), options, links);
    }
}
