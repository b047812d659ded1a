package io.keelwatch.runtime.alerts;

import io.keelwatch.runtime.Priority;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Per-rule priority overrides: an alert of a named rule is shown, filtered, counted and charted with
 * this priority instead of the one Falco sent (its raw events keep theirs). Applied when alerts are
 * read, so changing an override changes every stored alert at once and the ingest path stays as it is.
 * In YAML a rule name with spaces is a bracketed key:
 * {@code keelwatch.runtime.priority-overrides: {"[Terminal shell in container]": critical}}.
 *
 * @param priorityOverrides rule name (exactly as Falco writes it) → a Falco priority, case-insensitive
 *                          ({@code info} for informational)
 */
@ConfigurationProperties("keelwatch.runtime")
public record PrioritySettings(@DefaultValue Map<String, String> priorityOverrides) {

    public PrioritySettings {
        Map<String, String> checked = new LinkedHashMap<>();
        priorityOverrides.forEach((rule, priority) -> {
            if (Priority.fromFalco(priority).isEmpty()) {
                throw new IllegalStateException("keelwatch.runtime.priority-overrides: '" + priority + "' (rule '" + rule
                        + "') is no Falco priority; use Emergency, Alert, Critical, Error, Warning, Notice, Informational or Debug.");
            }
            checked.put(rule, Priority.fromFalco(priority).orElseThrow().label());
        });
        priorityOverrides = Map.copyOf(checked);
    }

    /** The rule names overridden, for SQL ({@code unnest} with {@link #ranks()}, in the same order). */
    String[] rules() {
        return priorityOverrides.keySet().stream().sorted().toArray(String[]::new);
    }

    Integer[] ranks() {
        return priorityOverrides.keySet().stream().sorted()
                .map(rule -> Priority.fromFalco(priorityOverrides.get(rule)).orElseThrow().rank()).toArray(Integer[]::new);
    }
}
