package io.keelwatch.findings.list;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keelwatch.findings.ScanUploads;
import io.keelwatch.inventory.ProjectRef;
import io.keelwatch.testsupport.Fixtures;
import io.keelwatch.testsupport.KeelwatchIntegrationTest;
import io.keelwatch.testsupport.TestWorld;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Scanner text is attacker-controlled: HTML and script in a report show up as text, never as markup. */
@KeelwatchIntegrationTest
class ScannerTextIsRenderedInertIT {

    private static final String PAYLOAD = "<script>alert('kw')</script><img src=x onerror=alert(1)>";

    @Autowired
    MockMvc mvc;
    @Autowired
    TestWorld world;

    @Test
    void htmlInEveryTextFieldIsEscapedOnTheFindingPages() throws Exception {
        ProjectRef project = world.alphaProject();
        JsonMapper json = JsonMapper.builder().build();
        ObjectNode report = (ObjectNode) json.readTree(Fixtures.bytes("trivy/alpine-310.json.golden"));
        ObjectNode vulnerability = (ObjectNode) report.get("Results").get(0).get("Vulnerabilities").get(0);
        vulnerability.put("Title", PAYLOAD);
        vulnerability.put("Description", PAYLOAD);
        vulnerability.put("PkgName", PAYLOAD);
        vulnerability.put("VulnerabilityID", "CVE-2099-0001");
        vulnerability.put("PrimaryURL", "javascript:alert(document.cookie)");
        ((ArrayNode) vulnerability.withArray("References")).add("javascript:alert(2)");
        new ScanUploads(mvc).upload(TestWorld.ALICE, project.slug(), json.writeValueAsBytes(report))
                .andExpect(status().isCreated());

        String list = mvc.perform(get("/findings").param("project", project.slug()).param("text", "CVE-2099-0001")
                        .with(user(TestWorld.ALICE).roles("DEVELOPER")))
                .andExpect(status().isOk())
                .andExpect(header().string("Content-Security-Policy", org.hamcrest.Matchers.containsString("script-src 'self'")))
                .andReturn().getResponse().getContentAsString();
        assertThat(list).doesNotContain(PAYLOAD).contains("&lt;script&gt;");

        String api = mvc.perform(get("/api/v1/findings").param("project", project.slug()).param("text", "CVE-2099-0001")
                        .with(httpBasic(TestWorld.ALICE, TestWorld.PASSWORD)))
                .andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        long id = json.readTree(api).get("items").get(0).get("id").asLong();
        String detail = mvc.perform(get("/findings/" + id).with(user(TestWorld.ALICE).roles("DEVELOPER")))
                .andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        assertThat(detail).doesNotContain(PAYLOAD).doesNotContain("<img src=x").contains("&lt;img src=x onerror=alert(1)&gt;")
                .doesNotContain("href=\"javascript:");
    }
}
