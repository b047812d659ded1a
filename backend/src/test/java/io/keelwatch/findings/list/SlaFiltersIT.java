package io.keelwatch.findings.list;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keelwatch.findings.FindingSort;
import io.keelwatch.findings.ScanUploads;
import io.keelwatch.inventory.ProjectRef;
import io.keelwatch.testsupport.Fixtures;
import io.keelwatch.testsupport.KeelwatchIntegrationTest;
import io.keelwatch.testsupport.TestWorld;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/** SLA and fix filters, sorting, and the CSV export of exactly the filtered list. */
@KeelwatchIntegrationTest
class SlaFiltersIT {

    @Autowired
    MockMvc mvc;
    @Autowired
    TestWorld world;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    TransactionTemplate transaction;

    private ScanUploads uploads;
    private ProjectRef project;

    @BeforeEach
    void setUp() throws Exception {
        uploads = new ScanUploads(mvc);
        project = world.alphaProject();
        // alpine 3.9: six vulnerabilities, each with a fixed version
        uploads.upload(TestWorld.ALICE, project.slug(), Fixtures.bytes("trivy/alpine-39.json.golden")).andExpect(status().isCreated());
    }

    @Test
    void breachedAndDueSoonCountOnlyActionableFindings() throws Exception {
        List<Long> ids = uploads.findings(TestWorld.ALICE, project.slug()).stream().map(f -> f.get("id").asLong()).toList();
        setDue(ids.get(0), "current_date - 1", "open");
        setDue(ids.get(1), "current_date - 3", "fixed");
        setDue(ids.get(2), "current_date + 3", "in_progress");
        setDue(ids.get(3), "current_date + 30", "open");
        setDue(ids.get(4), "current_date", "open");

        list("due", "breached").andExpect(jsonPath("$.totalItems").value(1)).andExpect(jsonPath("$.items[0].id").value(ids.get(0)));
        list("due", "7d").andExpect(jsonPath("$.totalItems").value(2));
        list("due", "later").andExpect(status().isBadRequest()).andExpect(jsonPath("$.type").value("urn:keelwatch:problem:invalid-request"));
    }

    @Test
    void fixAvailableAndSorting() throws Exception {
        long noFix = items().get(0).get("id").asLong();
        jdbc.sql("update finding set fixed_version = null where id = :id").param("id", noFix).update();
        list("fixAvailable", "true").andExpect(jsonPath("$.totalItems").value(5));
        list("fixAvailable", "false").andExpect(jsonPath("$.totalItems").value(1)).andExpect(jsonPath("$.items[0].id").value(noFix));

        List<String> packages = items("sort", "package").stream().map(f -> f.get("packageName").asString()).toList();
        assertThat(packages).isSorted().hasSize(6);
        List<String> descending = items("direction", "desc", "sort", "package").stream().map(f -> f.get("packageName").asString()).toList();
        List<String> reversed = new java.util.ArrayList<>(packages);
        java.util.Collections.reverse(reversed);
        assertThat(descending).isEqualTo(reversed);
        List<String> bySeverity = items().stream().map(f -> f.get("severity").asString()).toList();
        assertThat(bySeverity).startsWith("CRITICAL", "CRITICAL").endsWith("MEDIUM");
        mvc.perform(get("/api/v1/findings").param("sort", "colour").with(httpBasic(TestWorld.ALICE, TestWorld.PASSWORD)))
                .andExpect(status().isBadRequest());
    }

    @Test
    void csvExportHoldsTheFilteredListWithFormulasDefused() throws Exception {
        ProjectRef hostile = world.alphaProject();
        uploads.upload(TestWorld.ALICE, hostile.slug(),
                uploads.withText(Fixtures.bytes("trivy/alpine-39.json.golden"), "=HYPERLINK(\"http://evil\",\"x\")")).andExpect(status().isCreated());
        String csv = mvc.perform(get("/api/v1/findings/export.csv").param("project", hostile.slug()).param("severity", "medium")
                        .with(httpBasic(TestWorld.ALICE, TestWorld.PASSWORD)))
                .andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        List<String> lines = csv.lines().toList();
        assertThat(lines.get(0)).startsWith("\"id\",\"severity\",\"status\"");
        assertThat(lines).hasSize(5);
        assertThat(csv).contains("\"'=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\"").doesNotContain(",\"=HYPERLINK");
        String page = mvc.perform(get("/findings/export.csv").param("project", hostile.slug()).with(user(TestWorld.ALICE)))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(page.lines().count()).isEqualTo(7);
        String other = mvc.perform(get("/api/v1/findings/export.csv").param("project", hostile.slug())
                        .with(httpBasic(TestWorld.BOB, TestWorld.PASSWORD)))
                .andExpect(status().isOk())
                .andExpect(content().contentTypeCompatibleWith("text/csv"))
                .andReturn().getResponse().getContentAsString();
        assertThat(other.lines().toList()).as("header only for another team").containsExactly(csv.lines().findFirst().orElseThrow());
    }

    /** The findings export writes cells as every export does, so it defuses what only the shared writer knows (a full-width =). */
    @Test
    void csvExportDefusesFullWidthFormulasLikeEveryExport() throws Exception {
        ProjectRef hostile = world.alphaProject();
        String fullWidth = "\uFF1DHYPERLINK(\"http://evil\",\"x\")";
        uploads.upload(TestWorld.ALICE, hostile.slug(), uploads.withText(Fixtures.bytes("trivy/alpine-39.json.golden"), fullWidth))
                .andExpect(status().isCreated());
        String csv = mvc.perform(get("/api/v1/findings/export.csv").param("project", hostile.slug())
                        .with(httpBasic(TestWorld.ALICE, TestWorld.PASSWORD)))
                .andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();

        assertThat(csv).contains(",\"'\uFF1DHYPERLINK(\"\"http://evil\"\",\"\"x\"\")\",")
                .doesNotContain(",\"\uFF1DHYPERLINK");
    }

    /**
     * The default order must stay the order of finding_list_idx, so page 1 of a large table is an
     * index scan. With sorting disabled the planner uses the index only if it can produce the order.
     */
    @Test
    void defaultOrderIsTheOrderOfTheListIndex() {
        String plan = transaction.execute(status -> {
            jdbc.sql("set local enable_sort = off").update();
            jdbc.sql("set local enable_seqscan = off").update();
            return String.join("\n", jdbc.sql("explain select f.id from finding f join project p on p.id = f.project_id "
                    + "join image i on i.id = f.image_id order by " + FindingSort.DEFAULT.orderBy() + " limit 50")
                    .query(String.class).list());
        });
        assertThat(plan).contains("finding_list_idx").doesNotContain("Sort  (");
    }

    private void setDue(long id, String due, String status) {
        jdbc.sql("update finding set sla_due = " + due + ", status = :s where id = :id").param("s", status).param("id", id).update();
    }

    private org.springframework.test.web.servlet.ResultActions list(String name, String value) throws Exception {
        return mvc.perform(get("/api/v1/findings").param("project", project.slug()).param(name, value)
                .with(httpBasic(TestWorld.ALICE, TestWorld.PASSWORD)));
    }

    private List<JsonNode> items(String... parameters) throws Exception {
        var request = get("/api/v1/findings").param("project", project.slug());
        for (int i = 0; i < parameters.length; i += 2) {
            request.param(parameters[i], parameters[i + 1]);
        }
        String body = mvc.perform(request.with(httpBasic(TestWorld.ALICE, TestWorld.PASSWORD)))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        List<JsonNode> items = new java.util.ArrayList<>();
        uploads.read(body).get("items").forEach(items::add);
        return items;
    }
}
