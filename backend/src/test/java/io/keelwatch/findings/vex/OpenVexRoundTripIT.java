package io.keelwatch.findings.vex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keelwatch.findings.ScanUploads;
import io.keelwatch.findings.TriageCalls;
import io.keelwatch.inventory.ProjectRef;
import io.keelwatch.testsupport.Fixtures;
import io.keelwatch.testsupport.KeelwatchIntegrationTest;
import io.keelwatch.testsupport.TestWorld;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.JsonNode;

/**
 * OpenVEX in and out: real documents (Trivy's and the OpenVEX project's) become exceptions; a
 * project's decisions leave as an OpenVEX v0.2.0 document shaped like those, which imports back
 * into the same decisions.
 */
@KeelwatchIntegrationTest
class OpenVexRoundTripIT {

    /** Keys OpenVEX v0.2.0 defines for a document and a statement. */
    private static final Set<String> DOCUMENT_KEYS = Set.of("@context", "@id", "author", "role", "timestamp", "last_updated",
            "version", "tooling", "statements");
    private static final Set<String> STATEMENT_KEYS = Set.of("@id", "version", "vulnerability", "timestamp", "last_updated",
            "products", "status", "supplier", "status_notes", "justification", "impact_statement", "action_statement",
            "action_statement_timestamp");
    private static final Set<String> JUSTIFICATIONS = Set.of("component_not_present", "vulnerable_code_not_present",
            "vulnerable_code_not_in_execute_path", "vulnerable_code_cannot_be_controlled_by_adversary",
            "inline_mitigations_already_exist");

    @Autowired
    MockMvc mvc;
    @Autowired
    TestWorld world;

    private ScanUploads uploads;
    private TriageCalls triage;

    @BeforeEach
    void setUp() {
        uploads = new ScanUploads(mvc);
        triage = new TriageCalls(mvc);
    }

    @Test
    void trivysDocumentBecomesAnApprovedExceptionThatSuppressesTheFinding() throws Exception {
        ProjectRef project = world.alphaProject();
        uploads.upload(TestWorld.ALICE, project.slug(), Fixtures.bytes("trivy/gomod.json.golden")).andExpect(status().isCreated());

        triage.importVex(TestWorld.LEAD, project.slug(), Fixtures.bytes("cyclonedx-vex/trivy-openvex.json"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.created").value(1))
                .andExpect(jsonPath("$.approved").value(1))
                .andExpect(jsonPath("$.exceptions[0].matchId").value("CVE-2022-23628"))
                .andExpect(jsonPath("$.exceptions[0].packageName").value("github.com/open-policy-agent/opa"))
                .andExpect(jsonPath("$.exceptions[0].kind").value("not_affected"))
                .andExpect(jsonPath("$.exceptions[0].vexJustification").value("vulnerable_code_not_in_execute_path"))
                .andExpect(jsonPath("$.exceptions[0].justification").value("The vulnerable code isn't called"))
                .andExpect(jsonPath("$.exceptions[0].findingsCovered").value(1));
        assertThat(uploads.findings(TestWorld.ALICE, project.slug()).stream()
                .filter(f -> f.get("ruleId").asString().equals("CVE-2022-23628"))
                .map(f -> f.get("status").asString())).containsExactly("not_affected");

        triage.importVex(TestWorld.LEAD, project.slug(), Fixtures.bytes("cyclonedx-vex/trivy-openvex.json"))
                .andExpect(jsonPath("$.created").value(0))
                .andExpect(jsonPath("$.alreadyPresent").value(1));
    }

    @Test
    void fixedStatementsAreCountedAndDevelopersOnlyPropose() throws Exception {
        ProjectRef project = world.alphaProject();
        triage.importVex(TestWorld.ALICE, project.slug(), Fixtures.bytes("cyclonedx-vex/grype-openvex-demo1.json"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.created").value(0))
                .andExpect(jsonPath("$.ignored.fixed").value(1));
        triage.importVex(TestWorld.ALICE, project.slug(), Fixtures.bytes("cyclonedx-vex/trivy-openvex.json"))
                .andExpect(jsonPath("$.created").value(1))
                .andExpect(jsonPath("$.approved").value(0))
                .andExpect(jsonPath("$.exceptions[0].state").value("proposed"));
        triage.importVex(TestWorld.BOB, project.slug(), Fixtures.bytes("cyclonedx-vex/trivy-openvex.json")).andExpect(status().isNotFound());
        triage.importVex(TestWorld.AUDITOR, project.slug(), Fixtures.bytes("cyclonedx-vex/trivy-openvex.json")).andExpect(status().isForbidden());
        triage.importVex(TestWorld.ALICE, project.slug(), Fixtures.bytes("trivy/alpine-39.json.golden"))
                .andExpect(status().isUnsupportedMediaType());
        triage.importVex(TestWorld.ALICE, project.slug(), "{\"@context\": \"https://openvex.dev/ns/v0.2.0\", \"statements\": [{}]}".getBytes())
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value("urn:keelwatch:problem:malformed-report"));
    }

    @Test
    void exportedDecisionsAreValidOpenVexThatImportsBackToTheSameExceptions() throws Exception {
        ProjectRef project = world.alphaProject();
        uploads.upload(TestWorld.ALICE, project.slug(), Fixtures.bytes("trivy/alpine-39.json.golden")).andExpect(status().isCreated());
        Map<String, Object> notAffected = TriageCalls.exception(project.slug(), "CVE-2019-1549", "libssl1.1", "not_affected", null);
        notAffected.put("vexJustification", "vulnerable_code_not_in_execute_path");
        triage.decide(TestWorld.LEAD, triage.proposed(TestWorld.ALICE, notAffected), "approve").andExpect(status().isOk());
        triage.decide(TestWorld.LEAD, triage.proposed(TestWorld.ALICE,
                TriageCalls.exception(project.slug(), "CVE-2019-14697", null, "risk_accepted", 60)), "approve").andExpect(status().isOk());
        triage.proposed(TestWorld.ALICE, TriageCalls.exception(project.slug(), "CVE-2019-1551", null, "false_positive", null));

        JsonNode document = triage.exportVex(TestWorld.ALICE, project.slug());

        JsonNode fixture = uploads.read(Fixtures.text("cyclonedx-vex/trivy-openvex.json"));
        assertThat(names(document)).containsAll(names(fixture)).isSubsetOf(DOCUMENT_KEYS);
        assertThat(document.get("@context").asString()).isEqualTo("https://openvex.dev/ns/v0.2.0");
        assertThat(document.get("version").asInt()).isEqualTo(1);
        JsonNode statements = document.get("statements");
        assertThat(statements.size()).as("approved decisions only").isEqualTo(2);
        for (JsonNode statement : statements) {
            assertThat(names(statement)).isSubsetOf(STATEMENT_KEYS);
            assertThat(statement.get("status").asString()).isEqualTo("not_affected");
            assertThat(statement.has("justification") || statement.has("impact_statement")).isTrue();
            if (statement.has("justification")) {
                assertThat(JUSTIFICATIONS).contains(statement.get("justification").asString());
            }
            assertThat(statement.get("products").get(0).get("@id").asString())
                    .isEqualTo("pkg:oci/trivy-test-images?repository_url=ghcr.io%2Faquasecurity%2Ftrivy-test-images");
        }
        JsonNode ssl = statement(statements, "CVE-2019-1549");
        assertThat(ssl.get("justification").asString()).isEqualTo("vulnerable_code_not_in_execute_path");
        assertThat(ssl.get("products").get(0).get("subcomponents").get(0).get("@id").asString())
                .as("any version, as the exception names the package").isEqualTo("pkg:apk/alpine/libssl1.1");
        JsonNode musl = statement(statements, "CVE-2019-14697");
        assertThat(musl.has("justification")).as("no label invented for a risk acceptance").isFalse();
        assertThat(musl.get("impact_statement").asString()).startsWith("Risk accepted by lead until ");
        assertThat(musl.get("products").get(0).has("subcomponents")).as("whole image").isFalse();

        ProjectRef rebuilt = world.alphaProject();
        uploads.upload(TestWorld.ALICE, rebuilt.slug(), Fixtures.bytes("trivy/alpine-39.json.golden")).andExpect(status().isCreated());
        JsonNode imported = uploads.read(triage.importVex(TestWorld.LEAD, rebuilt.slug(), document.toString().getBytes())
                .andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString());
        List<String> decisions = new ArrayList<>();
        imported.get("exceptions").forEach(e -> decisions.add(e.get("matchId").asString() + " " + ScanUploads.field(e, "packageName")
                + " " + e.get("state").asString() + " " + e.get("findingsCovered").asInt()));
        assertThat(decisions).containsExactlyInAnyOrder("CVE-2019-1549 libssl1.1 approved 1", "CVE-2019-14697 - approved 2");
    }


    private static JsonNode statement(JsonNode statements, String vulnerability) {
        for (JsonNode s : statements) {
            if (s.get("vulnerability").get("name").asString().equals(vulnerability)) {
                return s;
            }
        }
        throw new AssertionError("no statement for " + vulnerability);
    }

    private static List<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.propertyNames().forEach(names::add);
        return names;
    }
}
