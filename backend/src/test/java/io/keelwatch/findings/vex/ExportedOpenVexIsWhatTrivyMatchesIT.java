package io.keelwatch.findings.vex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The exported OpenVEX document has the shape Trivy's own VEX test data has, loads as Trivy loads
 * it, and makes Trivy's matching ({@link TrivyVexFilter}) drop exactly the decided findings — in a
 * rebuilt image with a new digest and newer package versions, pushed (Trivy gives the image a purl)
 * or not (it gives none) — and keep the rest.
 */
@KeelwatchIntegrationTest
class ExportedOpenVexIsWhatTrivyMatchesIT {

    private static final byte[] ALPINE_39 = Fixtures.bytes("trivy/alpine-39.json.golden");
    /** The repo digest of a rebuilt image, which Trivy's image purl carries as its version. */
    private static final String REBUILT = "sha256:" + "cd".repeat(32);

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
    void theFilterAgreesWithTrivysOwnTestCases() {
        // pkg/vex/vex_test.go TestFilter: image debian:12 (repo digest debian@sha256:4482…, amd64) with bash@5.3
        String debian = "pkg:oci/debian@sha256%3A4482958b4461ff7d9fabc24b3a9ab1e9a2c85ece07b2db1840c7cbc01d053e90"
                + "?arch=amd64&repository_url=index.docker.io%2Flibrary%2Fdebian";
        TrivyVexFilter oci = TrivyVexFilter.load(uploads.read(Fixtures.text("cyclonedx-vex/trivy-pkg-vex-testdata__openvex-oci.json")));
        TrivyVexFilter mismatch = TrivyVexFilter.load(uploads.read(
                Fixtures.text("cyclonedx-vex/trivy-pkg-vex-testdata__openvex-oci-mismatch.json")));

        assertThat(oci.filters("CVE-2022-3715", "pkg:deb/debian/bash@5.3", debian)).as("subcomponents, oci image").isTrue();
        assertThat(mismatch.filters("CVE-2022-3715", "pkg:deb/debian/bash@5.3", debian)).as("mismatched oci image").isFalse();
        assertThat(oci.filters("CVE-2024-10000", "pkg:deb/debian/bash@5.3", debian)).as("another vulnerability").isFalse();
        assertThat(oci.filters("CVE-2022-3715", "pkg:deb/debian/bash@5.3", null)).as("an image without repo digest has no purl")
                .isFalse();
    }

    @Test
    void decidedFindingsAreDroppedByTrivyInTheRebuiltImageAndOthersKept() throws Exception {
        ProjectRef project = world.alphaProject();
        uploads.upload(TestWorld.ALICE, project.slug(), ALPINE_39).andExpect(status().isCreated());
        Map<String, Object> ssl = TriageCalls.exception(project.slug(), "CVE-2019-1549", "libssl1.1", "not_affected", null);
        ssl.put("vexJustification", "vulnerable_code_not_in_execute_path");
        triage.decide(TestWorld.LEAD, triage.proposed(TestWorld.ALICE, ssl), "approve").andExpect(status().isOk());
        triage.decide(TestWorld.LEAD, triage.proposed(TestWorld.ALICE,
                TriageCalls.exception(project.slug(), "CVE-2019-14697", null, "risk_accepted", 30)), "approve").andExpect(status().isOk());
        triage.proposed(TestWorld.ALICE, TriageCalls.exception(project.slug(), "CVE-2019-1551", null, "false_positive", null));

        JsonNode document = triage.exportVex(TestWorld.ALICE, project.slug());
        assertSameShapeAsTrivysTestData(document);
        TrivyVexFilter trivy = TrivyVexFilter.load(document);

        // the rebuilt image: pushed (ghcr.io/aquasecurity/trivy-test-images@sha256:cdcd…), with newer package versions
        String pushed = "pkg:oci/trivy-test-images@" + REBUILT.replace(":", "%3A")
                + "?arch=amd64&repository_url=ghcr.io%2Faquasecurity%2Ftrivy-test-images";
        for (String image : new String[] {pushed, null}) {
            String where = image == null ? "image without repo digest" : "pushed image";
            assertThat(trivy.filters("CVE-2019-1549", "pkg:apk/alpine/libssl1.1@1.1.1d-r0?arch=x86_64&distro=3.9.4", image))
                    .as(where + ": the decided package").isTrue();
            assertThat(trivy.filters("CVE-2019-14697", "pkg:apk/alpine/musl@1.1.20-r5?arch=x86_64&distro=3.9.4", image))
                    .as(where + ": whole-image decision, musl").isTrue();
            assertThat(trivy.filters("CVE-2019-14697", "pkg:apk/alpine/musl-utils@1.1.20-r5?arch=x86_64&distro=3.9.4", image))
                    .as(where + ": whole-image decision, musl-utils").isTrue();
            assertThat(trivy.filters("CVE-2019-1549", "pkg:apk/alpine/libcrypto1.1@1.1.1d-r0?arch=x86_64&distro=3.9.4", image))
                    .as(where + ": same vulnerability, another package").isFalse();
            assertThat(trivy.filters("CVE-2019-1551", "pkg:apk/alpine/libssl1.1@1.1.1d-r0?arch=x86_64&distro=3.9.4", image))
                    .as(where + ": only proposed").isFalse();
        }
        // the image product alone (what matches when Trivy knows the image) covers the whole-image decision
        TrivyVexFilter imagesOnly = TrivyVexFilter.load(withOnlyImageProducts(document));
        assertThat(imagesOnly.filters("CVE-2019-14697", "pkg:apk/alpine/musl@1.1.20-r5?arch=x86_64&distro=3.9.4", pushed)).isTrue();
        assertThat(imagesOnly.filters("CVE-2019-1549", "pkg:apk/alpine/libssl1.1@1.1.1d-r0?arch=x86_64&distro=3.9.4", pushed)).isTrue();
        assertThat(imagesOnly.filters("CVE-2019-14697", "pkg:apk/alpine/musl@1.1.20-r5?arch=x86_64&distro=3.9.4",
                "pkg:oci/other@" + REBUILT.replace(":", "%3A") + "?repository_url=ghcr.io%2Facme%2Fother"))
                .as("another repository's image").isFalse();
    }

    @Test
    void dockerHubImagesAreNamedAsTrivyNamesThem() throws Exception {
        ProjectRef project = world.alphaProject();
        ObjectNode report = (ObjectNode) uploads.read(new String(ALPINE_39));
        ((ObjectNode) report.get("Metadata")).putArray("RepoDigests").add("alpine@" + REBUILT);
        uploads.upload(TestWorld.ALICE, project.slug(), report.toString().getBytes()).andExpect(status().isCreated());
        triage.decide(TestWorld.LEAD, triage.proposed(TestWorld.ALICE,
                TriageCalls.exception(project.slug(), "CVE-2019-14697", null, "not_affected", null)), "approve").andExpect(status().isOk());

        JsonNode document = triage.exportVex(TestWorld.ALICE, project.slug());
        assertThat(document.get("statements").get(0).get("products").get(0).get("@id").asString())
                .isEqualTo("pkg:oci/alpine?repository_url=index.docker.io%2Flibrary%2Falpine");
        String trivysPurl = "pkg:oci/alpine@" + REBUILT.replace(":", "%3A") + "?arch=amd64&repository_url=index.docker.io%2Flibrary%2Falpine";
        assertThat(TrivyVexFilter.load(withOnlyImageProducts(document))
                .filters("CVE-2019-14697", "pkg:apk/alpine/musl@1.1.20-r4?arch=x86_64&distro=3.9.4", trivysPurl)).isTrue();
    }

    @Test
    void checksAreLeftOutAndOtherTargetsAreMatchedByTheirPackages() throws Exception {
        ProjectRef project = world.alphaProject();
        uploads.upload(TestWorld.ALICE, project.slug(), Fixtures.bytes("trivy/gomod.json.golden")).andExpect(status().isCreated());
        uploads.upload(TestWorld.ALICE, project.slug(), Fixtures.bytes("trivy/dockerfile.json.golden")).andExpect(status().isCreated());
        triage.importVex(TestWorld.LEAD, project.slug(), Fixtures.bytes("cyclonedx-vex/trivy-openvex.json"))
                .andExpect(status().isOk());
        String check = uploads.findings(TestWorld.ALICE, project.slug()).stream()
                .filter(f -> f.get("kind").asString().equals("misconfiguration")).findFirst().orElseThrow().get("ruleId").asString();
        triage.decide(TestWorld.LEAD, triage.proposed(TestWorld.ALICE,
                TriageCalls.exception(project.slug(), check, null, "false_positive", null)), "approve").andExpect(status().isOk());

        JsonNode document = triage.exportVex(TestWorld.ALICE, project.slug());
        JsonNode statements = document.get("statements");
        assertThat(statements.size()).as("the check's exception is not exported: Trivy applies VEX to vulnerabilities only")
                .isEqualTo(1);
        assertThat(statements.get(0).get("vulnerability").get("name").asString()).isEqualTo("CVE-2022-23628");
        List<String> products = new ArrayList<>();
        statements.get(0).get("products").forEach(p -> products.add(p.get("@id").asString()));
        assertThat(products).as("a repository scan is no image").containsExactly("pkg:golang/github.com/open-policy-agent/opa");
        TrivyVexFilter trivy = TrivyVexFilter.load(document);
        assertThat(trivy.filters("CVE-2022-23628", "pkg:golang/github.com/open-policy-agent/opa@v0.36.0", null)).isTrue();
        assertThat(trivy.filters("CVE-2021-38561", "pkg:golang/golang.org/x/text@v0.3.6", null)).isFalse();
    }

    /**
     * Every field of Trivy's test document (pkg/vex/testdata/openvex-oci.json) is in ours, with the
     * same JSON type, down to the statement with subcomponents; the statuses are ones Trivy filters on.
     */
    private void assertSameShapeAsTrivysTestData(JsonNode document) {
        JsonNode trivys = uploads.read(Fixtures.text("cyclonedx-vex/trivy-pkg-vex-testdata__openvex-oci.json"));
        JsonNode withSubcomponents = null;
        for (JsonNode statement : document.get("statements")) {
            assertThat(statement.get("status").asString()).isIn("not_affected", "fixed");
            if (statement.get("products").get(0).has("subcomponents")) {
                withSubcomponents = statement;
            }
        }
        assertThat(withSubcomponents).as("a statement naming a package").isNotNull();
        List<String> missing = new ArrayList<>();
        sameShape(trivys, document, "", missing, true);
        sameShape(trivys.get("statements").get(0), withSubcomponents, "statements[]", missing, false);
        assertThat(missing).as("fields of Trivy's test document missing from ours or of another type").isEmpty();
    }

    private static void sameShape(JsonNode expected, JsonNode actual, String path, List<String> missing, boolean topOnly) {
        for (Map.Entry<String, JsonNode> field : expected.properties()) {
            String at = path + "." + field.getKey();
            JsonNode theirs = field.getValue();
            JsonNode ours = actual.get(field.getKey());
            if (ours == null || ours.getNodeType() != theirs.getNodeType()) {
                missing.add(at);
            } else if (theirs.isObject()) {
                sameShape(theirs, ours, at, missing, topOnly);
            } else if (theirs.isArray() && !topOnly && !theirs.isEmpty() && !ours.isEmpty()) {
                sameShape(theirs.get(0), ours.get(0), at + "[]", missing, false);
            }
        }
    }

    /** The document with only the {@code pkg:oci} products, to see that they match on their own. */
    private static JsonNode withOnlyImageProducts(JsonNode document) {
        JsonNode copy = document.deepCopy();
        for (JsonNode statement : copy.get("statements")) {
            ArrayNode products = (ArrayNode) statement.get("products");
            for (int i = products.size() - 1; i >= 0; i--) {
                if (!products.get(i).get("@id").asString().startsWith("pkg:oci/")) {
                    products.remove(i);
                }
            }
        }
        return copy;
    }
}
