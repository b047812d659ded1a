package io.keelwatch.inventory.projects;

import static io.keelwatch.testsupport.Bearer.bearer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keelwatch.inventory.ImageReports;
import io.keelwatch.testsupport.KeelwatchIntegrationTest;
import io.keelwatch.testsupport.TestWorld;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Projects are created, edited, archived and unarchived over {@code /api/v1/projects}: leads and
 * admins for every team, developers for their own team, auditors read; an archived project keeps
 * its scans but takes no new one and leaves the default list and the dashboard.
 */
@KeelwatchIntegrationTest
class ProjectsAreManagedOverTheApiIT {

    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    @Autowired
    MockMvc mvc;
    @Autowired
    TestWorld world;
    @Autowired
    JdbcClient jdbc;

    private final JsonMapper json = JsonMapper.builder().build();

    @BeforeEach
    void peopleExist() {
        world.alpha();
    }

    @Test
    void aLeadCreatesAProjectWithOwnersAndOnlyThoseWhoSeeItsTeamReadIt() throws Exception {
        String slug = slug("shop");
        create(TestWorld.LEAD, "{\"team\":\"alpha\",\"slug\":\"" + slug + "\",\"name\":\"Shop\",\"tier\":1,"
                + "\"description\":\"The web shop\",\"owners\":[\"alice\"]}")
                .andExpect(status().isCreated())
                .andExpect(header().string("Location", "/api/v1/projects/" + slug))
                .andExpect(jsonPath("$.slug").value(slug))
                .andExpect(jsonPath("$.team").value("alpha"))
                .andExpect(jsonPath("$.tier").value(1))
                .andExpect(jsonPath("$.description").value("The web shop"))
                .andExpect(jsonPath("$.owners[0]").value("alice"))
                .andExpect(jsonPath("$.archived").value(false));

        for (String reader : new String[] {TestWorld.ALICE, TestWorld.AUDITOR, TestWorld.ADMIN}) {
            mvc.perform(get("/api/v1/projects/" + slug).with(httpBasic(reader, TestWorld.PASSWORD)))
                    .andExpect(status().isOk())
                    .andExpect(jsonPath("$.name").value("Shop"));
        }
        mvc.perform(get("/api/v1/projects/" + slug).with(httpBasic(TestWorld.BOB, TestWorld.PASSWORD)))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.type").value("urn:keelwatch:problem:not-found"));
        assertThat(slugs(TestWorld.ALICE, "")).contains(slug);
        assertThat(slugs(TestWorld.BOB, "")).doesNotContain(slug);
        assertThat(jdbc.sql("select count(*) from audit_event where action = 'project.created' and target_id = :slug")
                .param("slug", slug).query(Long.class).single()).isOne();
    }

    @Test
    void developersCreateAndEditProjectsOfTheirOwnTeamOnlyAndAuditorsOnlyRead() throws Exception {
        String slug = slug("api");
        create(TestWorld.ALICE, "{\"team\":\"alpha\",\"slug\":\"" + slug + "\",\"name\":\"API\"}")
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.tier").value(2));
        create(TestWorld.BOB, "{\"team\":\"alpha\",\"slug\":\"" + slug("bobs") + "\",\"name\":\"Bob's\"}")
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.type").value("urn:keelwatch:problem:not-found"));
        create(TestWorld.AUDITOR, "{\"team\":\"alpha\",\"slug\":\"" + slug("audited") + "\",\"name\":\"Audited\"}")
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.type").value("urn:keelwatch:problem:forbidden"));

        change(TestWorld.ALICE, slug, "{\"name\":\"Public API\",\"tier\":3,\"description\":\"Partners call it\",\"owners\":[\"alice\",\"lead\"]}")
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.name").value("Public API"))
                .andExpect(jsonPath("$.tier").value(3))
                .andExpect(jsonPath("$.description").value("Partners call it"))
                .andExpect(jsonPath("$.owners.length()").value(2));
        change(TestWorld.BOB, slug, "{\"name\":\"Taken over\"}").andExpect(status().isNotFound());
        change(TestWorld.AUDITOR, slug, "{\"name\":\"Audited\"}").andExpect(status().isForbidden());
        mvc.perform(get("/api/v1/projects/" + slug).with(httpBasic(TestWorld.LEAD, TestWorld.PASSWORD)))
                .andExpect(jsonPath("$.name").value("Public API"));
        assertThat(jdbc.sql("select count(*) from project where slug like '%bobs%' or slug like '%audited%'")
                .query(Long.class).single()).isZero();
    }

    @Test
    void anArchivedProjectKeepsItsScansTakesNoNewOneAndLeavesTheDefaultListAndTheDashboard() throws Exception {
        String slug = slug("legacy");
        create(TestWorld.LEAD, "{\"team\":\"alpha\",\"slug\":\"" + slug + "\",\"name\":\"Legacy " + slug + "\"}")
                .andExpect(status().isCreated());
        upload(slug).andExpect(status().isCreated());

        mvc.perform(post("/api/v1/projects/" + slug + "/archive").with(httpBasic(TestWorld.ALICE, TestWorld.PASSWORD)))
                .andExpect(status().isForbidden());
        mvc.perform(post("/api/v1/projects/" + slug + "/archive").with(httpBasic(TestWorld.LEAD, TestWorld.PASSWORD)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.archived").value(true));

        assertThat(slugs(TestWorld.LEAD, "")).doesNotContain(slug);
        assertThat(slugs(TestWorld.LEAD, "&state=archived")).contains(slug);
        assertThat(slugs(TestWorld.LEAD, "&state=all")).contains(slug);
        mvc.perform(get("/api/v1/scans").param("project", slug).with(httpBasic(TestWorld.ALICE, TestWorld.PASSWORD)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.totalItems").value(1));
        String dashboard = mvc.perform(get("/").with(user(TestWorld.LEAD).roles("SECURITY_LEAD")))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(dashboard).doesNotContain("Legacy " + slug);

        long scans = scans();
        upload(slug)
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.type").value("urn:keelwatch:problem:project-archived"))
                .andExpect(jsonPath("$.detail").value(containsString("archived")));
        assertThat(scans()).isEqualTo(scans);

        mvc.perform(post("/api/v1/projects/" + slug + "/unarchive").with(httpBasic(TestWorld.ADMIN, TestWorld.PASSWORD)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.archived").value(false));
        upload(slug).andExpect(status().isCreated());
        assertThat(slugs(TestWorld.LEAD, "")).contains(slug);
    }

    @Test
    void aTokenManagesProjectsOnlyWithTheProjectsWriteScope() throws Exception {
        String withScope = token("[\"projects:write\"]");
        String withoutScope = token("[\"read\",\"scans:write\"]");
        String slug = slug("ci");
        mvc.perform(post("/api/v1/projects").with(bearer(withoutScope)).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"team\":\"alpha\",\"slug\":\"" + slug + "\",\"name\":\"CI\"}"))
                .andExpect(status().isForbidden());
        mvc.perform(post("/api/v1/projects").with(bearer(withScope)).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"team\":\"alpha\",\"slug\":\"" + slug + "\",\"name\":\"CI\"}"))
                .andExpect(status().isCreated());
    }

    private String token(String scopes) throws Exception {
        return json.readTree(mvc.perform(post("/api/v1/tokens").with(httpBasic(TestWorld.ALICE, TestWorld.PASSWORD))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\":\"projects " + SEQUENCE.incrementAndGet() + "\",\"scopes\":" + scopes + "}"))
                .andExpect(status().isCreated())
                .andReturn().getResponse().getContentAsString()).get("secret").asString();
    }

    private ResultActions create(String user, String body) throws Exception {
        return mvc.perform(post("/api/v1/projects").with(httpBasic(user, TestWorld.PASSWORD))
                .contentType(MediaType.APPLICATION_JSON).content(body));
    }

    private ResultActions change(String user, String slug, String body) throws Exception {
        return mvc.perform(patch("/api/v1/projects/" + slug).with(httpBasic(user, TestWorld.PASSWORD))
                .contentType(MediaType.APPLICATION_JSON).content(body));
    }

    private ResultActions upload(String slug) throws Exception {
        return mvc.perform(post("/api/v1/scans").param("project", slug).contentType(MediaType.APPLICATION_JSON)
                .content(ImageReports.trivyReportOf(ImageReports.uniqueRepository("legacy")))
                .with(httpBasic(TestWorld.ALICE, TestWorld.PASSWORD)));
    }

    /** The slugs of the projects the user's list shows, 500 at most. */
    private List<String> slugs(String user, String query) throws Exception {
        JsonNode page = json.readTree(mvc.perform(get("/api/v1/projects?size=500" + query).with(httpBasic(user, TestWorld.PASSWORD)))
                .andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString());
        List<String> slugs = new ArrayList<>();
        page.get("items").forEach(p -> slugs.add(p.get("slug").asString()));
        return slugs;
    }

    private long scans() {
        return jdbc.sql("select count(*) from scan").query(Long.class).single();
    }

    private static String slug(String name) {
        return "p" + SEQUENCE.incrementAndGet() + "-" + name + "-" + Long.toHexString(System.nanoTime() & 0xffffff);
    }
}
