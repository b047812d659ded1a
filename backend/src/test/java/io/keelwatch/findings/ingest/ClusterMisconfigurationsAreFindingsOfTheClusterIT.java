package io.keelwatch.findings.ingest;

import static io.keelwatch.testsupport.Bearer.bearer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keelwatch.findings.ReportImportTestBase;
import io.keelwatch.findings.ScanUploads;
import io.keelwatch.findings.TriageCalls;
import io.keelwatch.inventory.ClusterCalls;
import io.keelwatch.inventory.ProjectRef;
import io.keelwatch.testsupport.Fixtures;
import io.keelwatch.testsupport.TestWorld;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.ResultActions;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What a trivy k8s report finds in a cluster's own objects (a node's components, a workload whose
 * images carry only tags) becomes findings of the cluster named by {@code ?cluster=}: filed under the
 * project a namespace rule gives their namespace to (or none: leads, auditors and admins only), with
 * the same new / unchanged / fixed / reopened, triage and exception rules as an image's findings.
 */
class ClusterMisconfigurationsAreFindingsOfTheClusterIT extends ReportImportTestBase {

    /** Trivy 0.50+ layout: two images with digests, one failed scan, NodeComponents with 3 kubelet vulnerabilities. */
    private static final byte[] RESOURCES = Fixtures.bytes("trivy/trivy-k8s-cluster-resources.json");
    /** Trivy's docs example: ubuntu:latest by tag only; default/Deployment/app with KSV001 and KSV003. */
    private static final byte[] DOCS = Fixtures.bytes("trivy/trivy-k8s-cluster-docs-kubernetes.md.json");

    private final JsonMapper json = JsonMapper.builder().build();
    private ClusterCalls clusters;
    private String cluster;

    @BeforeEach
    void aClusterOfItsOwn() throws Exception {
        clusters = new ClusterCalls(mvc);
        cluster = clusters.cluster();
    }

    @Test
    void objectsThatRunNoIdentifiedImageAreFiledUnderTheClusterNextToTheImageScans() throws Exception {
        upload(TestWorld.LEAD, cluster, project.slug(), RESOURCES)
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.images.length()").value(2))
                .andExpect(jsonPath("$.cluster.cluster").value(cluster))
                .andExpect(jsonPath("$.cluster.format").value("trivy-k8s"))
                .andExpect(jsonPath("$.cluster.findings.total").value(3))
                .andExpect(jsonPath("$.cluster.findings.newFindings").value(3))
                .andExpect(jsonPath("$.notImported.vulnerabilities").value(0))
                .andExpect(jsonPath("$.notImported.resources").value(0));

        List<Map<String, Object>> rows = jdbc.sql("""
                select f.kind, f.rule_id, f.namespace, f.resource_kind, f.resource_name, f.project_id, f.image_id
                from finding f join cluster c on c.id = f.cluster_id where c.name = :cluster order by f.rule_id
                """).param("cluster", cluster).query().listOfRows();
        assertThat(rows).hasSize(3).allSatisfy(row -> {
            assertThat(row.get("kind")).isEqualTo("vulnerability");
            assertThat(row.get("namespace")).isNull();
            assertThat(row.get("resource_kind")).isEqualTo("NodeComponents");
            assertThat(row.get("resource_name")).isEqualTo("kind-control-plane");
            assertThat(row.get("project_id")).as("a node belongs to no team").isNull();
            assertThat(row.get("image_id")).isNull();
        });
        // Leads see the cluster's findings; alice, whose project received the image scans, does not.
        assertThat(clusterFindings(TestWorld.LEAD)).hasSize(3);
        assertThat(clusterFindings(TestWorld.AUDITOR)).hasSize(3);
        assertThat(clusterFindings(TestWorld.ALICE)).isEmpty();
        long node = clusterFindings(TestWorld.LEAD).get(0).get("id").asLong();
        mvc.perform(get("/api/v1/findings/" + node).with(httpBasic(TestWorld.ALICE, TestWorld.PASSWORD)))
                .andExpect(status().isNotFound());
        mvc.perform(get("/api/v1/findings/" + node).with(httpBasic(TestWorld.LEAD, TestWorld.PASSWORD)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.cluster").value(cluster))
                .andExpect(jsonPath("$.resourceKind").value("NodeComponents"))
                .andExpect(jsonPath("$.imageId").doesNotExist());
    }

    @Test
    void aReportWhoseImagesCarryOnlyTagsStillImportsTheClusterFindingsAndSaysWhichImagesItSkipped() throws Exception {
        long before = clusterRows();
        upload(TestWorld.LEAD, cluster, null, DOCS)
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.duplicate").value(false))
                .andExpect(jsonPath("$.images.length()").value(0))
                .andExpect(jsonPath("$.skipped[0].reason").value("no-digest"))
                .andExpect(jsonPath("$.skipped[0].image").value("ubuntu:latest"))
                .andExpect(jsonPath("$.cluster.findings.total").value(2))
                .andExpect(jsonPath("$.cluster.findings.newFindings").value(2));
        assertThat(clusterRows()).isEqualTo(before + 2 + 1);
        assertThat(lines(clusterFindings(TestWorld.LEAD))).containsExactly(
                "KSV001 misconfiguration default/Deployment/app", "KSV003 misconfiguration default/Deployment/app");

        // Without a cluster to file them under, such a report still has nothing to import.
        uploads.upload(TestWorld.LEAD, project.slug(), DOCS)
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.type").value("urn:keelwatch:problem:no-importable-image"))
                .andExpect(jsonPath("$.detail").value(containsString("?cluster=")));
    }

    @Test
    void theSameReportAgainIsADuplicateAndLaterReportsCloseAndReopen() throws Exception {
        upload(TestWorld.LEAD, cluster, null, DOCS).andExpect(status().isCreated());
        String before = states();

        upload(TestWorld.LEAD, cluster, null, DOCS)
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.duplicate").value(true))
                .andExpect(jsonPath("$.cluster.duplicate").value(true))
                .andExpect(jsonPath("$.cluster.findings.unchanged").value(2));
        assertThat(states()).isEqualTo(before);

        upload(TestWorld.LEAD, cluster, null, withoutCheck(DOCS, "KSV003"))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.cluster.findings.total").value(1))
                .andExpect(jsonPath("$.cluster.findings.unchanged").value(1))
                .andExpect(jsonPath("$.cluster.findings.fixed").value(1));
        assertThat(states()).isEqualTo("KSV001 open 0, KSV003 fixed 0");

        // Other bytes (re-serialised), the same findings: KSV003 comes back.
        upload(TestWorld.LEAD, cluster, null, json.writeValueAsBytes(json.readTree(DOCS)))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.cluster.findings.reopened").value(1))
                .andExpect(jsonPath("$.cluster.findings.unchanged").value(1));
        assertThat(states()).isEqualTo("KSV001 open 0, KSV003 open 1");
        assertThat(jdbc.sql("""
                select string_agg(sc.change, ',' order by s.id) from scan_change sc join scan s on s.id = sc.scan_id
                join cluster c on c.id = s.cluster_id where c.name = :cluster
                """).param("cluster", cluster).query(String.class).single()).isEqualTo("fixed,reopened");
    }

    @Test
    void namespaceRulesShowEachTeamItsOwnNamespacesAndNoOneElses() throws Exception {
        ProjectRef beta = world.betaProject();
        clusters.rule(cluster, "default", project.slug());
        clusters.rule(cluster, "beta-*", beta.slug());
        upload(TestWorld.LEAD, cluster, null, inNamespaces(DOCS, "default", "beta-payments", "nobodys"))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.cluster.findings.total").value(6));

        assertThat(lines(clusterFindings(TestWorld.ALICE))).containsExactly(
                "KSV001 misconfiguration default/Deployment/app", "KSV003 misconfiguration default/Deployment/app");
        assertThat(lines(clusterFindings(TestWorld.BOB))).containsExactly(
                "KSV001 misconfiguration beta-payments/Deployment/app", "KSV003 misconfiguration beta-payments/Deployment/app");
        assertThat(clusterFindings(TestWorld.LEAD)).hasSize(6);
        assertThat(clusterFindings(TestWorld.ALICE)).allSatisfy(f -> assertThat(f.get("project").asString()).isEqualTo(project.slug()));
        long bobs = clusterFindings(TestWorld.BOB).get(0).get("id").asLong();
        mvc.perform(get("/api/v1/findings/" + bobs).with(httpBasic(TestWorld.ALICE, TestWorld.PASSWORD)))
                .andExpect(status().isNotFound());
        // the dashboard counts each team's cluster findings in its own project
        assertThat(jdbc.sql("select medium + high + critical + low + unknown from project_exposure where project_id = :p")
                .param("p", beta.id()).query(Integer.class).single()).isEqualTo(2);
    }

    @Test
    void aClusterFindingIsTriagedAndExceptedLikeAnImagesAndTheExceptionCoversTheNextImport() throws Exception {
        clusters.rule(cluster, "default*", project.slug());
        upload(TestWorld.LEAD, cluster, null, DOCS).andExpect(status().isCreated());
        TriageCalls triage = new TriageCalls(mvc);
        JsonNode ksv001 = clusterFindings(TestWorld.ALICE).stream().filter(f -> f.get("ruleId").asString().equals("KSV001"))
                .findFirst().orElseThrow();
        long id = ksv001.get("id").asLong();

        triage.patchFinding(TestWorld.ALICE, id, Map.of("status", "in_progress", "comment", "Dropping root next sprint."))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("in_progress"));
        triage.patchFinding(TestWorld.BOB, id, Map.of("status", "fixed")).andExpect(status().isNotFound());
        triage.patchFinding(TestWorld.AUDITOR, id, Map.of("status", "fixed")).andExpect(status().isForbidden());

        long exception = triage.proposed(TestWorld.ALICE, TriageCalls.exception(project.slug(), "KSV003", null, "risk_accepted", 30));
        triage.decide(TestWorld.LEAD, exception, "approve").andExpect(status().isOk());
        assertThat(states()).isEqualTo("KSV001 in_progress 0, KSV003 risk_accepted 0");

        // A later report: the excepted finding keeps its exception, the triaged one its status, and the same
        // check failing in another namespace of the project arrives excepted.
        upload(TestWorld.LEAD, cluster, null, inNamespaces(DOCS, "default", "default-two")).andExpect(status().isCreated());
        assertThat(states()).isEqualTo("KSV001 in_progress 0, KSV001 open 0, KSV003 risk_accepted 0, KSV003 risk_accepted 0");
        mvc.perform(get("/api/v1/findings/" + id + "/history").with(httpBasic(TestWorld.ALICE, TestWorld.PASSWORD)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$[0].action").value("finding.triaged"));
    }

    @Test
    void aFindingOfNoTeamIsTriagedByLeadsOnly() throws Exception {
        upload(TestWorld.LEAD, cluster, null, DOCS).andExpect(status().isCreated());
        long id = clusterFindings(TestWorld.LEAD).get(0).get("id").asLong();
        TriageCalls triage = new TriageCalls(mvc);

        triage.patchFinding(TestWorld.ALICE, id, Map.of("status", "in_progress")).andExpect(status().isNotFound());
        triage.patchFinding(TestWorld.LEAD, id, Map.of("status", "false_positive", "assignee", TestWorld.ADMIN))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("false_positive"))
                .andExpect(jsonPath("$.assignee").value(TestWorld.ADMIN));
        triage.patchFinding(TestWorld.LEAD, id, Map.of("assignee", TestWorld.ALICE))
                .andExpect(status().isBadRequest());
    }

    @Test
    void whoMayFileUnderACluster() throws Exception {
        clusters.rule(cluster, "default", project.slug());
        long before = clusterRows();

        upload(TestWorld.LEAD, "no-such-cluster", null, DOCS)
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.type").value("urn:keelwatch:problem:not-found"));
        // bob's team owns no namespace there: the cluster is not his to write (404, like one that does not exist)
        upload(TestWorld.BOB, cluster, null, DOCS)
                .andExpect(status().isNotFound());
        // an image report does not go to a cluster
        upload(TestWorld.LEAD, cluster, project.slug(), Fixtures.bytes("trivy/alpine-310.json.golden"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value("urn:keelwatch:problem:cluster-report-mismatch"));
        assertThat(clusterRows()).isEqualTo(before);

        // alice's team owns "default": she files its findings and nothing else
        upload(TestWorld.ALICE, cluster, null, inNamespaces(DOCS, "default", "nobodys"))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.cluster.findings.total").value(2))
                .andExpect(jsonPath("$.cluster.notFiled").value(2));

        // the cluster's own agent token writes for its cluster, and for no other
        String agent = clusters.read(mvc.perform(post("/api/v1/tokens").contentType(MediaType.APPLICATION_JSON)
                        .content(json.writeValueAsString(Map.of("name", "agent " + cluster, "scopes", List.of("inventory:write"),
                                "cluster", cluster)))
                        .with(httpBasic(TestWorld.LEAD, TestWorld.PASSWORD))).andExpect(status().isCreated()))
                .get("secret").asString();
        mvc.perform(post("/api/v1/scans").param("cluster", cluster).contentType(MediaType.APPLICATION_JSON)
                        .content(inNamespaces(DOCS, "default", "nobodys")).with(bearer(agent)))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.cluster.findings.total").value(4));
        mvc.perform(post("/api/v1/scans").param("cluster", clusters.cluster()).contentType(MediaType.APPLICATION_JSON)
                        .content(DOCS).with(bearer(agent)))
                .andExpect(status().isNotFound());
        mvc.perform(post("/api/v1/scans").param("project", project.slug()).contentType(MediaType.APPLICATION_JSON)
                        .content(Fixtures.bytes("trivy/alpine-310.json.golden")).with(bearer(agent)))
                .andExpect(status().isForbidden());
    }

    private ResultActions upload(String user, String clusterName, String projectSlug, byte[] report) throws Exception {
        var request = post("/api/v1/scans").param("cluster", clusterName).contentType(MediaType.APPLICATION_JSON).content(report)
                .with(httpBasic(user, TestWorld.PASSWORD));
        if (projectSlug != null) {
            request.param("project", projectSlug);
        }
        return mvc.perform(request);
    }

    /** The findings of this test's cluster the user sees, through the list API. */
    private List<JsonNode> clusterFindings(String user) throws Exception {
        String body = mvc.perform(get("/api/v1/findings").param("cluster", cluster).param("size", "500")
                        .with(httpBasic(user, TestWorld.PASSWORD)))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        List<JsonNode> items = new ArrayList<>();
        json.readTree(body).get("items").forEach(f -> {
            assertThat(f.get("cluster").asString()).isEqualTo(cluster);
            items.add(f);
        });
        return items;
    }

    private static List<String> lines(List<JsonNode> findings) {
        return ScanUploads.lines(findings, f -> ScanUploads.field(f, "ruleId") + " " + ScanUploads.field(f, "kind") + " "
                + ScanUploads.field(f, "namespace") + "/" + ScanUploads.field(f, "resourceKind") + "/"
                + ScanUploads.field(f, "resourceName"));
    }

    /** {@code rule status reopened}, per finding of the cluster, by rule id. */
    private String states() {
        return jdbc.sql("""
                select string_agg(f.rule_id || ' ' || f.status || ' ' || f.reopened_count, ', ' order by f.rule_id, f.namespace)
                from finding f join cluster c on c.id = f.cluster_id where c.name = :cluster
                """).param("cluster", cluster).query(String.class).single();
    }

    /** The cluster's scans and findings. */
    private long clusterRows() {
        return jdbc.sql("""
                select (select count(*) from scan s join cluster c on c.id = s.cluster_id where c.name = :cluster)
                     + (select count(*) from finding f join cluster c on c.id = f.cluster_id where c.name = :cluster)
                """).param("cluster", cluster).query(Long.class).single();
    }

    private byte[] withoutCheck(byte[] report, String check) {
        ObjectNode root = (ObjectNode) json.readTree(report);
        for (JsonNode resource : root.get("Misconfigurations")) {
            for (JsonNode result : resource.path("Results")) {
                ArrayNode misconfigurations = (ArrayNode) result.get("Misconfigurations");
                for (int i = misconfigurations.size() - 1; i >= 0; i--) {
                    if (check.equals(misconfigurations.get(i).get("ID").asString())) {
                        misconfigurations.remove(i);
                    }
                }
            }
        }
        return json.writeValueAsBytes(root);
    }

    /** The docs report with its Deployment/app misconfigurations in each of these namespaces. */
    private byte[] inNamespaces(byte[] report, String... namespaces) {
        ObjectNode root = (ObjectNode) json.readTree(report);
        ArrayNode resources = (ArrayNode) root.get("Misconfigurations");
        ObjectNode app = (ObjectNode) resources.get(0);
        resources.removeAll();
        for (String namespace : namespaces) {
            resources.add(app.deepCopy().put("Namespace", namespace));
        }
        return json.writeValueAsBytes(root);
    }
}
