package io.keelwatch.platform;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;

import io.keelwatch.findings.FindingsProblem;
import io.keelwatch.inventory.InventoryProblem;
import io.keelwatch.signing.SigningProblem;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

/**
 * Clients switch on a problem's {@code type}: every kind, wherever its module declares it, keeps
 * the URI and status docs/api.md promises, and an error Spring answers with a status alone reads
 * as the common kind of that status (a wrong Content-Type is not an unsupported report format).
 */
class ProblemTypesStayWhatClientsSwitchOnTest {

    private static final Map<String, Integer> DOCUMENTED = Map.ofEntries(
            entry("urn:keelwatch:problem:malformed-report", 400),
            entry("urn:keelwatch:problem:empty-report", 400),
            entry("urn:keelwatch:problem:unsupported-report-format", 415),
            entry("urn:keelwatch:problem:payload-too-large", 413),
            entry("urn:keelwatch:problem:unknown-project", 422),
            entry("urn:keelwatch:problem:no-importable-image", 422),
            entry("urn:keelwatch:problem:cluster-report-mismatch", 400),
            entry("urn:keelwatch:problem:environment-in-use", 409),
            entry("urn:keelwatch:problem:cluster-in-use", 409),
            entry("urn:keelwatch:problem:namespace-rule-conflict", 409),
            entry("urn:keelwatch:problem:project-archived", 409),
            entry("urn:keelwatch:problem:no-workloads", 422),
            entry("urn:keelwatch:problem:private-key-refused", 400),
            entry("urn:keelwatch:problem:invalid-key", 400),
            entry("urn:keelwatch:problem:invalid-trust-root", 400),
            entry("urn:keelwatch:problem:signature-format-not-verified-yet", 415),
            entry("urn:keelwatch:problem:invalid-request", 400),
            entry("urn:keelwatch:problem:unauthenticated", 401),
            entry("urn:keelwatch:problem:forbidden", 403),
            entry("urn:keelwatch:problem:unsupported-media-type", 415),
            entry("urn:keelwatch:problem:method-not-allowed", 405),
            entry("urn:keelwatch:problem:not-acceptable", 406),
            entry("urn:keelwatch:problem:conflict", 409),
            entry("urn:keelwatch:problem:too-many-requests", 429),
            entry("urn:keelwatch:problem:not-found", 404),
            entry("urn:keelwatch:problem:internal", 500));

    @Test
    void everyKindHasItsDocumentedTypeAndStatus() {
        Map<String, Integer> declared = new TreeMap<>();
        Stream.of(CommonProblem.values(), FindingsProblem.values(), InventoryProblem.values(),
                        SigningProblem.values())
                .flatMap(Stream::of)
                .forEach(kind -> assertThat(declared.put(kind.type().toString(), kind.status().value()))
                        .as("two kinds share " + kind.type()).isNull());

        assertThat(declared).isEqualTo(new TreeMap<>(DOCUMENTED));
    }

    @Test
    void aStatusAloneReadsAsTheCommonKindOfThatStatus() {
        assertThat(CommonProblem.forStatus(HttpStatus.UNSUPPORTED_MEDIA_TYPE)).isEqualTo(CommonProblem.UNSUPPORTED_MEDIA_TYPE);
        assertThat(CommonProblem.forStatus(HttpStatus.NOT_FOUND)).isEqualTo(CommonProblem.NOT_FOUND);
        assertThat(CommonProblem.forStatus(HttpStatus.METHOD_NOT_ALLOWED)).isEqualTo(CommonProblem.METHOD_NOT_ALLOWED);
        assertThat(CommonProblem.forStatus(HttpStatus.CONTENT_TOO_LARGE)).isEqualTo(CommonProblem.PAYLOAD_TOO_LARGE);
        assertThat(CommonProblem.forStatus(HttpStatus.GONE)).isEqualTo(CommonProblem.INVALID_REQUEST);
        assertThat(CommonProblem.forStatus(HttpStatus.SERVICE_UNAVAILABLE)).isEqualTo(CommonProblem.INTERNAL);
    }
}
