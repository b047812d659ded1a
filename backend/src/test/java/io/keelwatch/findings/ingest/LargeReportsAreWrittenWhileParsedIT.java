package io.keelwatch.findings.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keelwatch.findings.ReportImportTestBase;
import io.keelwatch.findings.ScanUploads;
import io.keelwatch.findings.TrivyReportGenerator;
import io.keelwatch.testsupport.TestWorld;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A report larger than one batch is written while it is still being parsed: duplicates whose first
 * copy went out in an earlier batch still fold into one finding (keeping the more severe severity),
 * and a report found broken after batches were written leaves nothing behind.
 */
class LargeReportsAreWrittenWhileParsedIT extends ReportImportTestBase {

    private static final int VULNERABILITIES = ReportBatches.BATCH_SIZE * 2 + 500;

    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void duplicatesAcrossBatchesFoldIntoOneFindingWithTheirCount() throws Exception {
        byte[] report = TrivyReportGenerator.report(VULNERABILITIES, 3, 501, "2026-11-20T10:00:00Z");

        uploads.upload(TestWorld.ALICE, project.slug(), report)
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.findings.total").value(VULNERABILITIES))
                .andExpect(jsonPath("$.findings.newFindings").value(VULNERABILITIES));

        assertThat(jdbc.sql("select count(*) from finding where project_id = :p").param("p", project.id())
                .query(Integer.class).single()).isEqualTo(VULNERABILITIES);
        assertThat(jdbc.sql("select count(*) from finding where project_id = :p and occurrences = 2").param("p", project.id())
                .query(Integer.class).single()).isEqualTo(3);
        assertThat(jdbc.sql("select findings_total from scan where project_id = :p").param("p", project.id())
                .query(Integer.class).single()).isEqualTo(VULNERABILITIES);
    }

    @Test
    void aDuplicateMetAfterItsBatchKeepsTheMoreSevereSeverity() throws Exception {
        byte[] report = TrivyReportGenerator.report(VULNERABILITIES, 3, 503, "2026-11-20T10:00:00Z");
        // the generator's first three entries are CRITICAL, HIGH, HIGH; their repeats at the end say otherwise
        ObjectNode root = (ObjectNode) json.readTree(report);
        ArrayNode vulnerabilities = (ArrayNode) root.get("Results").get(0).get("Vulnerabilities");
        List<String> repeats = List.of("LOW", "CRITICAL", "CRITICAL");
        for (int i = 0; i < repeats.size(); i++) {
            ((ObjectNode) vulnerabilities.get(VULNERABILITIES + i)).put("Severity", repeats.get(i));
        }

        uploads.upload(TestWorld.ALICE, project.slug(), json.writeValueAsBytes(root)).andExpect(status().isCreated());

        assertThat(jdbc.sql("select severity from finding where project_id = :p and occurrences = 2").param("p", project.id())
                .query(String.class).list()).containsExactly("CRITICAL", "CRITICAL", "CRITICAL");
    }

    @Test
    void aReportBrokenAfterItsFirstBatchesLeavesNothing() throws Exception {
        long before = rows();
        byte[] report = TrivyReportGenerator.report(VULNERABILITIES, 502, "2026-11-20T10:00:00Z");
        byte[] truncated = Arrays.copyOf(report, report.length * 9 / 10);

        uploads.upload(TestWorld.ALICE, project.slug(), truncated)
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value("urn:keelwatch:problem:malformed-report"));

        assertThat(rows()).isEqualTo(before);
        // and the same report whole is imported afterwards as if nothing had happened
        uploads.upload(TestWorld.ALICE, project.slug(), report)
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.findings.newFindings").value(VULNERABILITIES));
    }

    private long rows() {
        return ScanUploads.importedRows(jdbc, project);
    }
}
