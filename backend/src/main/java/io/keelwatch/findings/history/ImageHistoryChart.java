package io.keelwatch.findings.history;

import io.keelwatch.findings.ScanSummary;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A Chart.js configuration of an image's findings per scan, oldest scan first: the total as a line,
 * what each scan added, fixed and reopened as bars. Built on the server so the page needs no inline script.
 */
record ImageHistoryChart(String type, Data data, Map<String, Object> options) {

    /** The same form the pages show times in, offset included, so a label names an instant. */
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm xxx");

    /** A label is two lines: the scan's id (several scans can share a minute) and its import time. */
    record Data(List<List<String>> labels, List<Dataset> datasets) {
    }

    /** {@code type} overrides the chart's type for one dataset (the total's line); null leaves it a bar. */
    record Dataset(String type, String label, List<Integer> data, String backgroundColor, String borderColor) {
    }

    /** {@code newestFirst} as the history lists them; the chart reads left to right, oldest first. */
    static ImageHistoryChart of(List<ScanSummary> newestFirst) {
        List<ScanSummary> scans = new ArrayList<>(newestFirst);
        Collections.reverse(scans);
        List<List<String>> labels = scans.stream().map(s -> List.of("#" + s.id(), TIME.format(s.importedAt()))).toList();
        List<Dataset> datasets = List.of(
                new Dataset("line", "Findings in the scan", values(scans, ScanSummary::total), "#206bc4", "#206bc4"),
                new Dataset(null, "New", values(scans, ScanSummary::newFindings), "#d63939", null),
                new Dataset(null, "Fixed", values(scans, ScanSummary::fixed), "#2fb344", null),
                new Dataset(null, "Reopened", values(scans, ScanSummary::reopened), "#f59f00", null));
        Map<String, Object> options = Map.of(
                "scales", Map.of("y", Map.of("beginAtZero", true, "title", Map.of("display", true, "text", "findings"))),
                "plugins", Map.of("legend", Map.of("position", "bottom")));
        return new ImageHistoryChart("bar", new Data(labels, datasets), options);
    }

    private static List<Integer> values(List<ScanSummary> scans, Function<ScanSummary, Integer> value) {
        return scans.stream().map(value).toList();
    }
}
