package io.keelwatch.findings.list;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keelwatch.findings.ReportImportTestBase;
import io.keelwatch.inventory.ProjectRef;
import io.keelwatch.testsupport.Fixtures;
import io.keelwatch.testsupport.TestWorld;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A developer's list is read project by project (each from its own index range) and merged: page
 * after page it must be the same order, with nothing skipped or repeated, as one sort of all
 * their findings.
 */
class DeveloperListPagesAcrossTheirProjectsIT extends ReportImportTestBase {

    private ProjectRef second;

    @BeforeEach
    void findingsInTwoProjectsOfTheTeam() throws Exception {
        second = world.alphaProject();
        uploads.upload(TestWorld.ALICE, project.slug(), Fixtures.bytes("trivy/alpine-39.json.golden"))
                .andExpect(status().isCreated());
        uploads.upload(TestWorld.ALICE, second.slug(), Fixtures.bytes("trivy/debian-buster.json.golden"))
                .andExpect(status().isCreated());
        uploads.upload(TestWorld.ALICE, second.slug(), Fixtures.bytes("trivy/alpine-310.json.golden"))
                .andExpect(status().isCreated());
    }

    @Test
    void pagesFollowTheSeverityOrderAcrossProjects() throws Exception {
        assertThat(pagedIds("desc", List.of())).isEqualTo(expected("f.severity_rank, f.first_seen desc, f.id desc", ""));
    }

    @Test
    void theReversedOrderAndASeverityFilterToo() throws Exception {
        assertThat(pagedIds("asc", List.of("high", "critical")))
                .isEqualTo(expected("f.severity_rank desc, f.first_seen, f.id", " and f.severity in ('HIGH', 'CRITICAL')"))
                .isNotEmpty();
    }

    private List<Long> pagedIds(String direction, List<String> severities) throws Exception {
        List<Long> ids = new ArrayList<>();
        for (int page = 0; ; page++) {
            var request = get("/api/v1/findings").param("sort", "severity").param("direction", direction)
                    .param("size", "4").param("page", String.valueOf(page))
                    .with(httpBasic(TestWorld.ALICE, TestWorld.PASSWORD));
            severities.forEach(s -> request.param("severity", s));
            JsonNode body = JsonMapper.builder().build().readTree(mvc.perform(request)
                    .andExpect(status().isOk()).andReturn().getResponse().getContentAsString());
            if (body.get("items").isEmpty()) {
                return ids;
            }
            body.get("items").forEach(item -> ids.add(item.get("id").asLong()));
        }
    }

    private List<Long> expected(String order, String condition) {
        return jdbc.sql("select f.id from finding f join project p on p.id = f.project_id"
                        + " where p.team_id = (select team_id from project where id = :p)" + condition + " order by " + order)
                .param("p", project.id())
                .query(Long.class)
                .list();
    }
}
