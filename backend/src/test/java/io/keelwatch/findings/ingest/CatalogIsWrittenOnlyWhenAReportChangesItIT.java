package io.keelwatch.findings.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keelwatch.findings.ReportImportTestBase;
import io.keelwatch.testsupport.Fixtures;
import io.keelwatch.testsupport.TestWorld;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The same CVE described the same way in every image is stored once per team and not rewritten by
 * each import (only its hash is compared); a report that describes it differently updates it.
 */
class CatalogIsWrittenOnlyWhenAReportChangesItIT extends ReportImportTestBase {

    private static final String CVE = "CVE-2019-1549";
    private static final String REPORT = new String(Fixtures.bytes("trivy/alpine-39.json.golden"), StandardCharsets.UTF_8);

    @Test
    void anUnchangedEntryIsLeftAloneAndAChangedOneIsUpdated() throws Exception {
        uploads.upload(TestWorld.ALICE, project.slug(), REPORT.getBytes(StandardCharsets.UTF_8)).andExpect(status().isCreated());
        String version = rowVersion();

        uploads.upload(TestWorld.ALICE, world.alphaProject().slug(), REPORT.getBytes(StandardCharsets.UTF_8))
                .andExpect(status().isCreated());
        assertThat(rowVersion()).as("the catalog row was not rewritten").isEqualTo(version);

        String revised = REPORT.replace("OpenSSL 1.1.1 introduced a rewritten random number generator",
                "OpenSSL 1.1.1 (revised advisory) introduced a rewritten random number generator");
        uploads.upload(TestWorld.ALICE, world.alphaProject().slug(), revised.getBytes(StandardCharsets.UTF_8))
                .andExpect(status().isCreated());
        assertThat(description()).startsWith("OpenSSL 1.1.1 (revised advisory)");
        assertThat(rowVersion()).isNotEqualTo(version);
    }

    /** The row version PostgreSQL gives every write of the row. */
    private String rowVersion() {
        return jdbc.sql("select xmin::text from vulnerability where team_id = :team and id = :id")
                .param("team", project.teamId()).param("id", CVE).query(String.class).single();
    }

    private String description() {
        return jdbc.sql("select description from vulnerability where team_id = :team and id = :id")
                .param("team", project.teamId()).param("id", CVE).query(String.class).single();
    }
}
