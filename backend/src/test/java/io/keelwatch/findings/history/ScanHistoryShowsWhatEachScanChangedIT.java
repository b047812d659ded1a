package io.keelwatch.findings.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keelwatch.findings.ReportImportTestBase;
import io.keelwatch.inventory.ProjectRef;
import io.keelwatch.testsupport.Fixtures;
import io.keelwatch.testsupport.TestWorld;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import tools.jackson.databind.JsonNode;

/**
 * An image scanned three times: the second scan no longer shows one finding and shows a new one, the
 * third shows the missing one again. The history lists the scans newest first with what each changed,
 * and each scan names the findings it introduced, fixed and reopened. A late, older report changes
 * nothing; another team sees none of it.
 */
class ScanHistoryShowsWhatEachScanChangedIT extends ReportImportTestBase {

    private static final byte[] ALPINE_39 = Fixtures.bytes("trivy/alpine-39.json.golden");
    // positions in the report's first result
    private static final int LIBCRYPTO_CVE_2019_1549 = 0;
    private static final int LIBCRYPTO_CVE_2019_1551 = 1;
    private static final int MUSL_CVE_2019_14697 = 4;

    @Test
    void historyListsEachScanNewestFirstWithTheFindingsItIntroducedFixedAndReopened() throws Exception {
        long first = upload(uploads.without(ALPINE_39, "2030-01-01T00:00:00Z", LIBCRYPTO_CVE_2019_1549));
        long second = upload(uploads.without(ALPINE_39, "2030-02-01T00:00:00Z", MUSL_CVE_2019_14697));
        long third = upload(uploads.without(ALPINE_39, "2030-03-01T00:00:00Z"));
        long image = imageOf(first);
        assertThat(imageOf(third)).isEqualTo(image);

        JsonNode history = api(get("/api/v1/images/" + image + "/scans").param("project", project.slug()));
        assertThat(history.get("totalItems").asInt()).isEqualTo(3);
        assertThat(scanLines(history)).containsExactly(
                third + " total=6 new=0 fixed=0 reopened=1 unchanged=5 trivy/trivy by alice",
                second + " total=5 new=1 fixed=1 reopened=0 unchanged=4 trivy/trivy by alice",
                first + " total=5 new=5 fixed=0 reopened=0 unchanged=0 trivy/trivy by alice");

        assertThat(changes(second, "new")).containsExactly("new CVE-2019-1549 libcrypto1.1");
        assertThat(changes(second, "fixed")).containsExactly("fixed CVE-2019-14697 musl");
        assertThat(changes(second, "reopened")).isEmpty();
        assertThat(changes(second, null)).as("all changes, new first")
                .containsExactly("new CVE-2019-1549 libcrypto1.1", "fixed CVE-2019-14697 musl");
        assertThat(changes(third, "reopened")).containsExactly("reopened CVE-2019-14697 musl");
        assertThat(changes(third, "new")).isEmpty();
        assertThat(changes(first, "new")).hasSize(5);
        long fixedFinding = api(get("/api/v1/scans/" + second + "/changes").param("change", "fixed"))
                .get("items").get(0).get("id").asLong();
        JsonNode reopened = api(get("/api/v1/scans/" + third + "/changes").param("change", "reopened")).get("items").get(0);
        assertThat(reopened.get("id").asLong()).as("the same finding came back").isEqualTo(fixedFinding);
        assertThat(reopened.get("status").asString()).isEqualTo("open");

        JsonNode paged = api(get("/api/v1/scans/" + first + "/changes").param("change", "new").param("size", "2").param("page", "2"));
        assertThat(paged.get("totalItems").asInt()).isEqualTo(5);
        assertThat(paged.get("items")).hasSize(1);
        assertThat(paged.get("hasNext").asBoolean()).isFalse();
        assertThat(jdbc.sql("select count(*) from scan_change c join scan s on s.id = c.scan_id where s.project_id = :p")
                .param("p", project.id()).query(Integer.class).single())
                .as("rows only for the fixed and the reopened finding, none for new ones").isEqualTo(2);
    }

    @Test
    void pagesShowTheHistoryItsChartAndEachScansChanges() throws Exception {
        long first = upload(uploads.without(ALPINE_39, "2030-01-01T00:00:00Z", LIBCRYPTO_CVE_2019_1549));
        long second = upload(uploads.without(ALPINE_39, "2030-02-01T00:00:00Z", MUSL_CVE_2019_14697));
        long image = imageOf(first);
        long fixedFinding = api(get("/api/v1/scans/" + second + "/changes").param("change", "fixed"))
                .get("items").get(0).get("id").asLong();

        String page = page(get("/images/" + image).param("project", project.slug()));
        assertThat(page).contains("data-scan-id=\"" + first + "\"", "data-scan-id=\"" + second + "\"",
                "ghcr.io/aquasecurity/trivy-test-images", "/images/" + image + "/history.json?project=" + project.slug());
        JsonNode chart = uploads.read(page(get("/images/" + image + "/history.json").param("project", project.slug())));
        assertThat(chart.get("data").get("labels").toString()).startsWith("[[\"#" + first + "\",");
        assertThat(chart.get("data").get("labels")).hasSize(2);
        assertThat(chart.get("data").get("datasets").get(0).get("data").toString()).as("totals, oldest first").isEqualTo("[5,5]");
        assertThat(chart.get("data").get("datasets").get(2).get("data").toString()).as("fixed").isEqualTo("[0,1]");

        String scanPage = page(get("/scans/" + second));
        assertThat(scanPage).as("opens on the first kind of change the scan has: new")
                .contains("data-change=\"new\"", "CVE-2019-1549").doesNotContain("/findings/" + fixedFinding + "\"");
        assertThat(page(get("/scans/" + second).param("change", "fixed")))
                .contains("href=\"/findings/" + fixedFinding + "\"", "/images/" + image + "?project=" + project.slug());

        String findingPage = page(get("/findings/" + fixedFinding));
        assertThat(findingPage).as("the finding's image links to its history").contains("/images/" + image + "?project=" + project.slug());
    }

    @Test
    void aReportOlderThanTheNewestRecordsNothingFixedOrReopened() throws Exception {
        upload(uploads.without(ALPINE_39, "2030-01-01T00:00:00Z"));
        long fixing = upload(uploads.without(ALPINE_39, "2030-02-01T00:00:00Z", MUSL_CVE_2019_14697));
        assertThat(changes(fixing, "fixed")).containsExactly("fixed CVE-2019-14697 musl");

        // made before both: shows the fixed musl finding and lacks a libcrypto one
        long historical = upload(uploads.without(ALPINE_39, "2020-01-01T00:00:00Z", LIBCRYPTO_CVE_2019_1551));

        JsonNode scan = uploads.scan(TestWorld.ALICE, historical);
        assertThat(scan.get("fixed").asInt()).isZero();
        assertThat(scan.get("reopened").asInt()).isZero();
        assertThat(changes(historical, null)).isEmpty();
        assertThat(jdbc.sql("select count(*) from scan_change where scan_id = :s").param("s", historical)
                .query(Integer.class).single()).isZero();
        assertThat(jdbc.sql("select status from finding where project_id = :p and package_name = 'musl'")
                .param("p", project.id()).query(String.class).single()).isEqualTo("fixed");
    }

    @Test
    void anotherTeamsImagesAndScansAreNotFoundLikeMissingOnes() throws Exception {
        long scan = upload(ALPINE_39);
        long image = imageOf(scan);
        ProjectRef beta = world.betaProject();

        for (MockHttpServletRequestBuilder call : List.of(
                get("/api/v1/images/" + image + "/scans").param("project", project.slug()),
                get("/api/v1/images/" + image + "/scans").param("project", beta.slug()),
                get("/api/v1/scans/" + scan + "/changes"),
                get("/api/v1/scans/" + scan + "/changes").param("change", "fixed"))) {
            mvc.perform(call.with(httpBasic(TestWorld.BOB, TestWorld.PASSWORD)))
                    .andExpect(status().isNotFound())
                    .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                    .andExpect(jsonPath("$.type").value("urn:keelwatch:problem:not-found"));
        }
        // what a missing one answers, for comparison
        mvc.perform(get("/api/v1/scans/" + Long.MAX_VALUE + "/changes").with(httpBasic(TestWorld.ALICE, TestWorld.PASSWORD)))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.type").value("urn:keelwatch:problem:not-found"));
        mvc.perform(get("/api/v1/images/" + image + "/scans").param("project", beta.slug())
                        .with(httpBasic(TestWorld.LEAD, TestWorld.PASSWORD)))
                .andExpect(status().isNotFound());

        for (MockHttpServletRequestBuilder call : List.of(get("/images/" + image).param("project", project.slug()),
                get("/images/" + image + "/history.json").param("project", project.slug()), get("/scans/" + scan))) {
            mvc.perform(call.with(user(TestWorld.BOB).roles("DEVELOPER"))).andExpect(status().isNotFound());
        }
    }

    @Test
    void badParametersAreProblems() throws Exception {
        long scan = upload(ALPINE_39);
        mvc.perform(get("/api/v1/scans/" + scan + "/changes").param("change", "vanished")
                        .with(httpBasic(TestWorld.ALICE, TestWorld.PASSWORD)))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value("urn:keelwatch:problem:invalid-request"))
                .andExpect(jsonPath("$.detail").value("Unknown change 'vanished': use new, fixed or reopened."));
        mvc.perform(get("/api/v1/images/" + imageOf(scan) + "/scans").with(httpBasic(TestWorld.ALICE, TestWorld.PASSWORD)))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value("urn:keelwatch:problem:invalid-request"));
    }

    private long upload(byte[] report) throws Exception {
        String body = uploads.upload(TestWorld.ALICE, project.slug(), report)
                .andExpect(status().isCreated())
                .andReturn().getResponse().getContentAsString();
        return uploads.read(body).get("scanId").asLong();
    }

    private long imageOf(long scan) throws Exception {
        return uploads.scan(TestWorld.ALICE, scan).get("imageId").asLong();
    }

    private JsonNode api(MockHttpServletRequestBuilder call) throws Exception {
        return uploads.read(mvc.perform(call.with(httpBasic(TestWorld.ALICE, TestWorld.PASSWORD)))
                .andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString());
    }

    private String page(MockHttpServletRequestBuilder call) throws Exception {
        return mvc.perform(call.with(user(TestWorld.ALICE).roles("DEVELOPER")))
                .andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
    }

    /** The scan's changes of one kind (null: all), one line each: {@code change id package}. */
    private List<String> changes(long scan, String change) throws Exception {
        MockHttpServletRequestBuilder call = get("/api/v1/scans/" + scan + "/changes").param("size", "500");
        if (change != null) {
            call.param("change", change);
        }
        List<String> lines = new ArrayList<>();
        api(call).get("items").forEach(f -> lines.add(f.get("change").asString() + " " + f.get("ruleId").asString() + " "
                + f.get("packageName").asString()));
        return lines;
    }

    private static List<String> scanLines(JsonNode page) {
        List<String> lines = new ArrayList<>();
        page.get("items").forEach(s -> lines.add(s.get("id").asLong() + " total=" + s.get("total").asInt()
                + " new=" + s.get("newFindings").asInt() + " fixed=" + s.get("fixed").asInt()
                + " reopened=" + s.get("reopened").asInt() + " unchanged=" + s.get("unchanged").asInt()
                + " " + s.get("scanner").asString() + "/" + s.get("format").asString() + " by " + s.get("importedBy").asString()));
        return lines;
    }
}
