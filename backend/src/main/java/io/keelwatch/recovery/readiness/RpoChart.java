package io.keelwatch.recovery.readiness;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * The recovery overview's trend, a Chart.js stacked bar configuration built on the server (no inline script): one bar
 * per day, namespaces meeting their RPO and breaching it. {@code links} holds, per dataset and day, the address of the
 * list of exactly the namespaces the segment counts; keelwatch.js opens it on a click.
 */
record RpoChart(String type, Data data, Map<String, Object> options, List<List<String>> links) {

    record Data(List<String> labels, List<Dataset> datasets) {
    }

    record Dataset(String label, List<Integer> data, String backgroundColor) {
    }

    /** @param link the list address of the namespaces that met ({@code true}) or breached their RPO on a day */
    static RpoChart of(List<RpoDay> days, BiFunction<LocalDate, Boolean, String> link) {
        List<Dataset> datasets = List.of(
                new Dataset("RPO met", days.stream().map(RpoDay::met).toList(), "#2fb344"),
                new Dataset("RPO breached", days.stream().map(RpoDay::breached).toList(), "#d63939"));
        List<List<String>> links = List.of(days.stream().map(d -> link.apply(d.day(), true)).toList(),
                days.stream().map(d -> link.apply(d.day(), false)).toList());
        Map<String, Object> options = Map.of(
                "scales", Map.of("x", Map.of("stacked", true, "title", Map.of("display", true, "text", "day (UTC)")),
                        "y", Map.of("stacked", true, "beginAtZero", true, "ticks", Map.of("precision", 0),
                                "title", Map.of("display", true, "text", "namespaces"))),
                "plugins", Map.of("legend", Map.of("position", "bottom")));
        return new RpoChart("bar", new Data(days.stream().map(d -> d.day().toString()).toList(), datasets), options, links);
    }
}
