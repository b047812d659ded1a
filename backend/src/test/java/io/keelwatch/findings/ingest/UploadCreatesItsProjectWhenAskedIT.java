package io.keelwatch.findings.ingest;

import static io.keelwatch.testsupport.Bearer.bearer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keelwatch.findings.ScanUploads;
import io.keelwatch.inventory.ImageReports;
import io.keelwatch.testsupport.KeelwatchIntegrationTest;
import io.keelwatch.testsupport.TestWorld;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/**
 * {@code POST /api/v1/scans?project=…&team=…&autoCreate=true} creates the project in that team
 * when the caller may create projects there, in the import's transaction: refused or failed, the
 * upload leaves neither the project nor anything else behind.
 */
@KeelwatchIntegrationTest
class UploadCreatesItsProjectWhenAskedIT {

    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    @Autowired
    MockMvc mvc;
    @Autowired
    TestWorld world;
    @Autowired
    JdbcClient jdbc;

    @BeforeEach
    void peopleExist() {
        world.alpha();
    }

    @Test
    void aDeveloperCreatesTheirTeamsProjectByUploadingAndTheNextUploadUsesIt() throws Exception {
        String slug = slug();
        upload(httpBasic(TestWorld.ALICE, TestWorld.PASSWORD), slug, "alpha", ImageReports.trivyReportOf(ImageReports.uniqueRepository("new")))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.project").value(slug))
                .andExpect(jsonPath("$.findings.total").value(4));
        mvc.perform(get("/api/v1/projects/" + slug).with(httpBasic(TestWorld.ALICE, TestWorld.PASSWORD)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.team").value("alpha"))
                .andExpect(jsonPath("$.name").value(slug));
        assertThat(jdbc.sql("select count(*) from audit_event where action = 'project.created' and target_id = :slug")
                .param("slug", slug).query(Long.class).single()).isOne();

        upload(httpBasic(TestWorld.ALICE, TestWorld.PASSWORD), slug, "alpha", ImageReports.trivyReportOf(ImageReports.uniqueRepository("next")))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.project").value(slug));
        assertThat(projects(slug)).isOne();
    }

    @Test
    void refusedCallersGetAProblemAndNothingIsWritten() throws Exception {
        String repository = ImageReports.uniqueRepository("refused");
        byte[] report = ImageReports.trivyReportOf(repository);
        String slug = slug();

        upload(httpBasic(TestWorld.BOB, TestWorld.PASSWORD), slug, "alpha", report)
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.type").value("urn:keelwatch:problem:not-found"));
        upload(httpBasic(TestWorld.AUDITOR, TestWorld.PASSWORD), slug, "alpha", report).andExpect(status().isForbidden());
        upload(bearer(token("[\"scans:write\"]")), slug, "alpha", report)
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.detail").value(containsString("projects:write")));
        upload(httpBasic(TestWorld.ALICE, TestWorld.PASSWORD), slug, null, report)
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value("urn:keelwatch:problem:invalid-request"));
        upload(httpBasic(TestWorld.ALICE, TestWorld.PASSWORD), "Not_A_Slug", "alpha", report)
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value("urn:keelwatch:problem:invalid-request"));
        upload(httpBasic(TestWorld.ALICE, TestWorld.PASSWORD), slug, "alpha", ScanUploads.truncated(report))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value("urn:keelwatch:problem:malformed-report"));

        assertThat(projects(slug)).isZero();
        // the report names an image nobody else uploads: no row of it means the refusals wrote nothing
        assertThat(jdbc.sql("select count(*) from image where repository = :repository").param("repository", repository)
                .query(Long.class).single()).isZero();

        upload(bearer(token("[\"scans:write\",\"projects:write\"]")), slug, "alpha", report)
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.project").value(slug));
    }

    @Test
    void withoutAutoCreateAnUnknownProjectIsStillNotFound() throws Exception {
        String slug = slug();
        mvc.perform(post("/api/v1/scans").param("project", slug).param("team", "alpha")
                        .contentType(MediaType.APPLICATION_JSON).content(ImageReports.trivyReportOf(ImageReports.uniqueRepository("plain")))
                        .with(httpBasic(TestWorld.ALICE, TestWorld.PASSWORD)))
                .andExpect(status().isNotFound());
        assertThat(projects(slug)).isZero();
    }

    private ResultActions upload(RequestPostProcessor caller, String project, String team, byte[] report) throws Exception {
        var request = post("/api/v1/scans").param("project", project).param("autoCreate", "true")
                .contentType(MediaType.APPLICATION_JSON).content(report).with(caller);
        if (team != null) {
            request.param("team", team);
        }
        return mvc.perform(request);
    }

    private String token(String scopes) throws Exception {
        return new ScanUploads(mvc).read(mvc.perform(post("/api/v1/tokens").with(httpBasic(TestWorld.ALICE, TestWorld.PASSWORD))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\":\"auto-create " + SEQUENCE.incrementAndGet() + "\",\"team\":\"alpha\",\"scopes\":" + scopes + "}"))
                .andExpect(status().isCreated())
                .andReturn().getResponse().getContentAsString()).get("secret").asString();
    }

    private long projects(String slug) {
        return jdbc.sql("select count(*) from project where slug = :slug").param("slug", slug).query(Long.class).single();
    }

    private static String slug() {
        return "auto-" + SEQUENCE.incrementAndGet() + "-" + Long.toHexString(System.nanoTime() & 0xffffff);
    }
}
