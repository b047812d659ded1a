package io.keelwatch.findings.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keelwatch.findings.ScanUploads;
import io.keelwatch.inventory.ProjectRef;
import io.keelwatch.testsupport.Fixtures;
import io.keelwatch.testsupport.KeelwatchIntegrationTest;
import io.keelwatch.testsupport.TestWorld;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

/**
 * Teams often run two scanners (or two output formats) on one image. A report is evidence only
 * about what its own source looks for: it must not close findings another source reported.
 */
@KeelwatchIntegrationTest
class EachScannerClosesOnlyItsOwnFindingsIT {

    @Autowired
    MockMvc mvc;
    @Autowired
    TestWorld world;
    @Autowired
    JdbcClient jdbc;

    @Test
    void sarifReportOfTheSameImageLeavesTheJsonReportsFindingsOpen() throws Exception {
        ProjectRef project = world.alphaProject();
        ScanUploads uploads = new ScanUploads(mvc);
        uploads.upload(TestWorld.ALICE, project.slug(), Fixtures.bytes("trivy/alpine-310.json.golden"))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.findings.newFindings").value(4));

        uploads.upload(TestWorld.ALICE, project.slug(), Fixtures.bytes("sarif/trivy-alpine-310.sarif.golden"))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.format").value("sarif"))
                .andExpect(jsonPath("$.findings.fixed").value(0));

        assertThat(jdbc.sql("select count(*) from finding where project_id = :p and status = 'fixed'")
                .param("p", project.id()).query(Integer.class).single()).isZero();
        assertThat(jdbc.sql("select count(distinct image_id) from finding where project_id = :p")
                .param("p", project.id()).query(Integer.class).single()).as("both reports name one image").isEqualTo(1);
    }
}
