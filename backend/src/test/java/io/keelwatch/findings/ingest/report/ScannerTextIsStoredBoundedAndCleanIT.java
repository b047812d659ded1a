package io.keelwatch.findings.ingest.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keelwatch.findings.ReportImportTestBase;
import io.keelwatch.testsupport.Fixtures;
import io.keelwatch.testsupport.TestWorld;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Scanner text is stored within the documented limits (cut with a visible marker, identifiers
 * kept distinct), without NUL or other control characters, and never split into more values than
 * the report gave; a report that is not UTF-8 is refused. The stored report stays byte for byte
 * what was uploaded. Each test describes vulnerabilities of its own, so the shared catalog other
 * tests read is left alone.
 */
class ScannerTextIsStoredBoundedAndCleanIT extends ReportImportTestBase {

    private static final String MARKER = "… [truncated";
    private static final AtomicInteger IDS = new AtomicInteger();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void overlongTextsAreCutWithAVisibleMarkerWhileTheStoredReportKeepsThemWhole() throws Exception {
        String id = newId();
        byte[] report = withFirst(first -> {
            first.put("VulnerabilityID", id);
            first.put("Title", "T".repeat(1_000_000));
            first.put("Description", "D".repeat(1_000_000));
            first.put("FixedVersion", "9".repeat(100_000));
            ArrayNode references = first.putArray("References");
            references.add("https://example.com/" + "r".repeat(100_000));
            for (int i = 0; i < 2_000; i++) {
                references.add("https://example.com/advisory/" + i);
            }
        });

        uploads.upload(TestWorld.ALICE, project.slug(), report).andExpect(status().isCreated());

        JsonNode finding = finding(id);
        assertThat(finding.get("title").asString()).hasSizeLessThanOrEqualTo(500).startsWith("TTT").endsWith("… [truncated]");
        assertThat(finding.get("fixedVersion").asString()).hasSizeLessThanOrEqualTo(1_000).endsWith("… [truncated]");
        JsonNode detail = uploads.detail(TestWorld.ALICE, finding.get("id").asLong());
        assertThat(detail.get("description").asString()).hasSizeLessThanOrEqualTo(20_000).endsWith("… [truncated]");
        assertThat(detail.get("references")).hasSize(500);
        assertThat(detail.get("references").get(0).asString()).hasSizeLessThanOrEqualTo(2_000).endsWith("… [truncated]");

        byte[] stored = jdbc.sql("select report_gzip from scan where project_id = :p").param("p", project.id())
                .query(byte[].class).single();
        assertThat(gunzip(stored)).as("the stored report is the upload, uncut").isEqualTo(report);
    }

    /** The upload: a 94-million-character title made the list 107 MB of JSON and the page 104 MB of HTML. */
    @Test
    void hugeScannerTextKeepsTheFindingsListAndPageSmall() throws Exception {
        String huge = "T".repeat(2_000_000);
        byte[] report = alpine39(root -> vulnerabilities(root).forEach(v -> {
            ((ObjectNode) v).put("VulnerabilityID", newId());
            ((ObjectNode) v).put("Title", huge);
            ((ObjectNode) v).put("Description", huge);
            ((ObjectNode) v).put("PkgName", huge);
        }));

        uploads.upload(TestWorld.ALICE, project.slug(), gzip(report)).andExpect(status().isCreated());

        String list = mvc.perform(get("/api/v1/findings").param("project", project.slug())
                        .with(httpBasic(TestWorld.ALICE, TestWorld.PASSWORD)))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(JSON.readTree(list).get("items")).hasSize(vulnerabilities(JSON.readTree(report)).size());
        assertThat(list.length()).as("the list's JSON").isLessThan(30_000);
        String page = mvc.perform(get("/findings").param("project", project.slug()).with(user(TestWorld.ALICE)))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(page).contains("TTTT");
        assertThat(page.length()).as("the list's page").isLessThan(150_000);
        long stored = jdbc.sql("select max(length(title)) + max(length(package_name)) from finding where project_id = :p")
                .param("p", project.id()).query(Long.class).single();
        assertThat(stored).isLessThanOrEqualTo(ReportValues.TITLE + ReportValues.PACKAGE_NAME);
    }

    @Test
    void identifiersCutToTheirLimitStayDistinct() throws Exception {
        String id = newId();
        String sharedPrefix = "pkg-" + "p".repeat(1_000);
        byte[] report = alpine39(root -> {
            ObjectNode first = first(root);
            first.put("VulnerabilityID", id);
            ObjectNode twin = first.deepCopy();
            first.put("PkgName", sharedPrefix + "-one");
            twin.put("PkgName", sharedPrefix + "-two");
            vulnerabilities(root).add(twin);
        });

        uploads.upload(TestWorld.ALICE, project.slug(), report).andExpect(status().isCreated());

        List<String> names = uploads.findings(TestWorld.ALICE, project.slug()).stream()
                .filter(f -> f.get("ruleId").asString().equals(id)).map(f -> f.get("packageName").asString()).toList();
        assertThat(names).hasSize(2).doesNotHaveDuplicates()
                .allSatisfy(name -> assertThat(name).hasSizeLessThanOrEqualTo(500).startsWith("pkg-ppp").contains(MARKER));
    }

    @Test
    void overlongKeysOfTheCatalogAndTheImageAreCutNotRefused() throws Exception {
        String longId = newId() + "-" + incompressible(20_000);
        String repository = "registry.example/" + incompressible(20_000);
        byte[] report = alpine39(root -> {
            ((ArrayNode) root.get("Metadata").get("RepoTags")).insert(0, repository + ":1.0");
            first(root).put("VulnerabilityID", longId);
        });

        uploads.upload(TestWorld.ALICE, project.slug(), report).andExpect(status().isCreated())
                .andExpect(jsonPath("$.image.repository").value(org.hamcrest.Matchers.startsWith("registry.example/")));

        JsonNode finding = uploads.findings(TestWorld.ALICE, project.slug()).stream()
                .filter(f -> f.get("ruleId").asString().startsWith(longId.substring(0, 20))).findFirst().orElseThrow();
        assertThat(finding.get("ruleId").asString()).hasSizeLessThanOrEqualTo(200).contains(MARKER);
        assertThat(finding.get("imageRepository").asString()).hasSizeLessThanOrEqualTo(500).contains(MARKER);
    }

    @Test
    void controlCharactersAreStrippedAndLineBreaksKeptOnlyInMultiLineText() throws Exception {
        String id = newId();
        byte[] report = withFirst(first -> {
            first.put("VulnerabilityID", id);
            first.put("Title", "Bad\u0000 title\u0007\nsecond line \ud800");
            first.put("Description", "line one\u0000\nline two\tafter a tab\u001b[31m\r\n");
            first.put("PkgName", "pkg\u0000name\u0001");
        });

        uploads.upload(TestWorld.ALICE, project.slug(), report).andExpect(status().isCreated());

        JsonNode finding = finding(id);
        assertThat(finding.get("title").asString()).isEqualTo("Bad title second line \ufffd");
        assertThat(finding.get("packageName").asString()).isEqualTo("pkgname");
        JsonNode detail = uploads.detail(TestWorld.ALICE, finding.get("id").asLong());
        assertThat(detail.get("description").asString()).isEqualTo("line one\nline two\tafter a tab[31m\r\n");
    }

    @Test
    void aReferenceWithALineBreakStaysOneReference() throws Exception {
        String id = newId();
        byte[] report = withFirst(first -> {
            first.put("VulnerabilityID", id);
            ArrayNode references = first.putArray("References");
            references.add("https://example.com/advisory\nhttps://attacker.example/phish");
            references.add("https://example.com/second");
        });

        uploads.upload(TestWorld.ALICE, project.slug(), report).andExpect(status().isCreated());

        JsonNode detail = uploads.detail(TestWorld.ALICE, finding(id).get("id").asLong());
        assertThat(detail.get("references")).hasSize(2);
        assertThat(detail.get("references").get(0).asString())
                .isEqualTo("https://example.com/advisory https://attacker.example/phish");
    }

    @Test
    void reportsThatAreNotUtf8AreRefusedWithoutWritingAnything() throws Exception {
        for (byte[] invalid : List.of(new byte[] {(byte) 0xC0, (byte) 0x80}, // an overlong NUL
                new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, // past U+10FFFF
                new byte[] {(byte) 0xE0, (byte) 0x80, (byte) 0xAF})) { // an overlong '/'
            String id = newId();
            byte[] report = withBytesInTitle(withFirst(first -> {
                first.put("VulnerabilityID", id);
                first.put("Title", "before#after");
            }), invalid);

            uploads.upload(TestWorld.ALICE, project.slug(), report)
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.type").value("urn:keelwatch:problem:malformed-report"))
                    .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("UTF-8")));
        }
        assertThat(jdbc.sql("select count(*) from scan where project_id = :p").param("p", project.id()).query(Long.class).single())
                .isZero();
    }

    /** alpine-39's Trivy report, changed. */
    private static byte[] alpine39(Consumer<ObjectNode> change) {
        ObjectNode root = (ObjectNode) JSON.readTree(Fixtures.bytes("trivy/alpine-39.json.golden"));
        change.accept(root);
        return JSON.writeValueAsBytes(root);
    }

    /** alpine-39's Trivy report with its first vulnerability changed. */
    private static byte[] withFirst(Consumer<ObjectNode> change) {
        return alpine39(root -> change.accept(first(root)));
    }

    private static ArrayNode vulnerabilities(JsonNode root) {
        return (ArrayNode) root.get("Results").get(0).get("Vulnerabilities");
    }

    private static ObjectNode first(JsonNode root) {
        return (ObjectNode) vulnerabilities(root).get(0);
    }

    /** The report with the '#' of its title replaced by raw bytes. */
    private static byte[] withBytesInTitle(byte[] report, byte[] raw) {
        String text = new String(report, StandardCharsets.UTF_8);
        int at = text.indexOf("before#after") + "before".length();
        byte[] head = text.substring(0, at).getBytes(StandardCharsets.UTF_8);
        byte[] tail = text.substring(at + 1).getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(head);
        out.writeBytes(raw);
        out.writeBytes(tail);
        return out.toByteArray();
    }

    private JsonNode finding(String id) throws Exception {
        return uploads.findings(TestWorld.ALICE, project.slug()).stream()
                .filter(f -> f.get("ruleId").asString().equals(id)).findFirst().orElseThrow();
    }

    /** A vulnerability id no other test uses, so the shared catalog entry is this test's own. */
    private static String newId() {
        return "CVE-2099-" + (100_000 + IDS.incrementAndGet()) + System.nanoTime() % 100_000;
    }

    /** Letters and digits PostgreSQL cannot compress into an index entry. */
    private static String incompressible(int length) {
        Random random = new Random(length);
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append("abcdefghijklmnopqrstuvwxyz0123456789".charAt(random.nextInt(36)));
        }
        return text.toString();
    }

    private static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(bytes);
        }
        return out.toByteArray();
    }

    private static byte[] gunzip(byte[] gzip) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gzip))) {
            return in.readAllBytes();
        }
    }
}
