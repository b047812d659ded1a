package io.keelwatch.findings.ingest.report.sarif;

import static io.keelwatch.findings.ingest.report.JsonFields.text;
import static io.keelwatch.findings.ingest.report.JsonFields.timestamp;

import io.keelwatch.findings.ingest.report.ReportSink;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;

/**
 * One SARIF run while it is read. A run's parts may come in any order (Trivy writes its
 * {@code properties} after the results), so results wait here as compact records until the run
 * ends; then they become findings and are dropped. What is kept afterwards is small: the tool,
 * the run's statements about what it scanned, and the set of files its results named.
 */
final class SarifRun {

    String toolName;
    String toolVersion;
    String toolUri;
    JsonNode properties;
    JsonNode originalUriBaseIds;
    private Instant startedAt;
    private Instant endedAt;
    private String imageReference;
    private final List<SarifRule> rules = new ArrayList<>();
    private final List<SarifResult> pending = new ArrayList<>();
    private final Set<String> uris = new TreeSet<>();

    void addRule(SarifRule rule) {
        rules.add(rule);
    }

    void addResult(SarifResult result) {
        pending.add(result);
        if (result.uri() != null) {
            uris.add(result.uri());
        }
        if (imageReference == null) {
            imageReference = result.imageReference();
        }
    }

    /** Keeps the first invocation's times; they are the nearest SARIF has to a report time. */
    void noteInvocation(JsonNode invocation) {
        if (startedAt == null && endedAt == null) {
            startedAt = instant(text(invocation, "startTimeUtc"));
            endedAt = instant(text(invocation, "endTimeUtc"));
        }
    }

    /** Turns the waiting results into findings; a result finds its rule by id, else by index. */
    void finish(ReportSink findings) {
        Map<String, SarifRule> byId = new HashMap<>();
        rules.forEach(rule -> {
            if (rule.id() != null) {
                byId.putIfAbsent(rule.id(), rule);
            }
        });
        for (SarifResult result : pending) {
            SarifRule rule = result.ruleId() == null ? null : byId.get(result.ruleId());
            if (rule == null && result.ruleIndex() != null && result.ruleIndex() >= 0 && result.ruleIndex() < rules.size()) {
                rule = rules.get(result.ruleIndex());
            }
            SarifFindings.add(result, rule, toolUri, text(properties, "imageName"), findings);
        }
        pending.clear();
        rules.clear();
    }

    Optional<SarifArtifacts.Scanned> identify() {
        return SarifArtifacts.identify(properties, imageReference, originalUriBaseIds);
    }

    Set<String> uris() {
        return uris;
    }

    Instant reportTime() {
        return endedAt != null ? endedAt : startedAt;
    }

    private static Instant instant(String text) {
        OffsetDateTime time = timestamp(text);
        return time == null ? null : time.toInstant();
    }
}
