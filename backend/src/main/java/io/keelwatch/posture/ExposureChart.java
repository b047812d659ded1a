package io.keelwatch.posture;

import io.keelwatch.findings.ProjectExposure;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;

/** A Chart.js stacked bar configuration, built on the server so the page needs no inline script. */
record ExposureChart(String type, Data data, Map<String, Object> options) {

    record Data(List<String> labels, List<Dataset> datasets) {
    }

    record Dataset(String label, List<Long> data, String backgroundColor) {
    }

    static ExposureChart of(List<ProjectExposure> exposure) {
        List<String> labels = exposure.stream().map(ProjectExposure::projectName).toList();
        List<Dataset> datasets = List.of(
                dataset("Critical", "#7a0916", exposure, ProjectExposure::critical),
                dataset("High", "#d63939", exposure, ProjectExposure::high),
                dataset("Medium", "#f59f00", exposure, ProjectExposure::medium),
                dataset("Low", "#4299e1", exposure, ProjectExposure::low),
                dataset("Unknown", "#868e96", exposure, ProjectExposure::unknown));
        Map<String, Object> options = Map.of(
                "indexAxis", "y",
                "scales", Map.of("x", Map.of("stacked", true, "title", Map.of("display", true, "text", "open findings")),
                        "y", Map.of("stacked", true)),
                "plugins", Map.of("legend", Map.of("position", "bottom")));
        return new ExposureChart("bar", new Data(labels, datasets), options);
    }

    private static Dataset dataset(String label, String color, List<ProjectExposure> exposure,
            ToLongFunction<ProjectExposure> value) {
        return new Dataset(label, exposure.stream().map(p -> value.applyAsLong(p)).toList(), color);
    }
}
