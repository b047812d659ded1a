package io.keelwatch.findings.list;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keelwatch.findings.ReportImportTestBase;
import io.keelwatch.testsupport.Fixtures;
import io.keelwatch.testsupport.TestWorld;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Through the real export endpoint: scanner text starting with anything a spreadsheet may read as a
 * formula or DDE call — {@code = + - @}, tab, CR, LF, a space, {@code |}, the full-width
 * {@code ＝ ＋ － ＠} — reaches the CSV with a leading {@code '}, whatever the import made of it
 * (tab, CR and LF in a title become spaces), and no cell of the export starts with one of them.
 * The CSV is parsed as RFC 4180 says, so a line break inside a cell cannot hide a cell start.
 */
class CsvExportDefusesEveryFormulaStartIT extends ReportImportTestBase {

    private static final String FORMULA_STARTS = "=+-@\t\r\n |\uFF1D\uFF0B\uFF0D\uFF20";
    private static final String PAYLOAD = "cmd|' /C calc'!A0";

    @Test
    void everyCellAFormulaCouldStartIsDefused() throws Exception {
        JsonMapper json = JsonMapper.builder().build();
        ObjectNode root = (ObjectNode) json.readTree(Fixtures.bytes("trivy/alpine-39.json.golden"));
        ArrayNode vulnerabilities = (ArrayNode) root.get("Results").get(0).get("Vulnerabilities");
        ObjectNode template = (ObjectNode) vulnerabilities.get(0);
        Map<String, String> titles = new LinkedHashMap<>();
        for (char start : FORMULA_STARTS.toCharArray()) {
            String id = "CVE-2097-" + (10_000 + (int) start);
            ObjectNode copy = template.deepCopy();
            copy.put("VulnerabilityID", id);
            copy.put("Title", start + PAYLOAD);
            copy.put("PkgName", start + "pkg");
            copy.put("FixedVersion", start + "1.0");
            vulnerabilities.add(copy);
            titles.put(id, String.valueOf(start));
        }
        uploads.upload(TestWorld.ALICE, project.slug(), json.writeValueAsBytes(root)).andExpect(status().isCreated());

        String csv = mvc.perform(get("/api/v1/findings/export.csv").param("project", project.slug())
                        .with(httpBasic(TestWorld.ALICE, TestWorld.PASSWORD)))
                .andExpect(status().isOk())
                .andExpect(content().contentTypeCompatibleWith("text/csv"))
                .andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        List<List<String>> records = parse(csv);
        List<String> header = records.get(0);
        int idColumn = header.indexOf("id_or_check");
        int titleColumn = header.indexOf("title");

        for (List<String> record : records) {
            for (String cell : record) {
                assertThat(cell.isEmpty() || FORMULA_STARTS.indexOf(cell.charAt(0)) < 0)
                        .as("cell %s of record %s starts like a formula", escape(cell), record.get(0)).isTrue();
            }
        }
        List<String> seen = new ArrayList<>();
        for (List<String> record : records.subList(1, records.size())) {
            String start = titles.get(record.get(idColumn));
            if (start != null) {
                seen.add(record.get(idColumn));
                assertThat(record.get(titleColumn)).as("title starting with %s", escape(start)).startsWith("'").endsWith(PAYLOAD);
            }
        }
        assertThat(seen).as("every hostile title is exported").hasSize(titles.size());
    }

    /** RFC 4180 records: quoted cells may hold commas, doubled quotes and line breaks. */
    private static List<List<String>> parse(String csv) {
        List<List<String>> records = new ArrayList<>();
        List<String> record = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < csv.length(); i++) {
            char c = csv.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < csv.length() && csv.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cell.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                record.add(cell.toString());
                cell.setLength(0);
            } else if (c == '\r' && i + 1 < csv.length() && csv.charAt(i + 1) == '\n') {
                record.add(cell.toString());
                cell.setLength(0);
                records.add(record);
                record = new ArrayList<>();
                i++;
            } else {
                cell.append(c);
            }
        }
        return records;
    }

    private static String escape(String text) {
        StringBuilder out = new StringBuilder();
        text.chars().limit(20).forEach(c -> out.append(c < 0x20 || c > 0x7e ? String.format("\\u%04x", c) : String.valueOf((char) c)));
        return out.toString();
    }
}
