package io.keelwatch.findings;

import java.io.ByteArrayOutputStream;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes a Trivy SchemaVersion 2 image report with every field a real `trivy image -f json`
 * vulnerability carries (modelled on shared/fixtures/trivy/alpine-310.json.golden), so parsing
 * cost in the benchmark is the real one.
 */
public final class TrivyReportGenerator {

    private static final String[] SEVERITIES = {"CRITICAL", "HIGH", "HIGH", "MEDIUM", "MEDIUM", "MEDIUM", "LOW", "LOW", "UNKNOWN"};

    private TrivyReportGenerator() {
    }

    /**
     * @param vulnerabilities how many vulnerability entries (all distinct findings)
     * @param digestSeed      varies the image digest
     * @param createdAt       the report's CreatedAt
     */
    public static byte[] report(int vulnerabilities, int digestSeed, String createdAt) {
        return report(vulnerabilities, 0, digestSeed, createdAt);
    }

    /** As {@link #report(int, int, String)}, with the first {@code repeated} vulnerabilities listed a second time at the end. */
    public static byte[] report(int vulnerabilities, int repeated, int digestSeed, String createdAt) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(vulnerabilities * 2200);
        String digest = "sha256:%064x".formatted(digestSeed);
        try (JsonGenerator g = JsonMapper.builder().build().createGenerator(out)) {
            g.writeStartObject();
            g.writeNumberProperty("SchemaVersion", 2);
            g.writeObjectPropertyStart("Trivy");
            g.writeStringProperty("Version", "0.58.1");
            g.writeEndObject();
            g.writeStringProperty("ReportID", "019372c4-bench-7000-80ea-%012d".formatted(digestSeed));
            g.writeStringProperty("CreatedAt", createdAt);
            g.writeStringProperty("ArtifactID", digest);
            g.writeStringProperty("ArtifactName", "registry.example.com/bench/app:1.0." + digestSeed);
            g.writeStringProperty("ArtifactType", "container_image");
            g.writeObjectPropertyStart("Metadata");
            g.writeObjectPropertyStart("OS");
            g.writeStringProperty("Family", "debian");
            g.writeStringProperty("Name", "12.8");
            g.writeEndObject();
            g.writeStringProperty("ImageID", digest);
            g.writeArrayPropertyStart("RepoTags");
            g.writeString("registry.example.com/bench/app:1.0." + digestSeed);
            g.writeEndArray();
            g.writeArrayPropertyStart("RepoDigests");
            g.writeString("registry.example.com/bench/app@" + digest);
            g.writeEndArray();
            g.writeEndObject();
            g.writeArrayPropertyStart("Results");
            g.writeStartObject();
            g.writeStringProperty("Target", "registry.example.com/bench/app:1.0." + digestSeed + " (debian 12.8)");
            g.writeStringProperty("Class", "os-pkgs");
            g.writeStringProperty("Type", "debian");
            g.writeArrayPropertyStart("Vulnerabilities");
            for (int i = 0; i < vulnerabilities; i++) {
                vulnerability(g, i);
            }
            for (int i = 0; i < repeated; i++) {
                vulnerability(g, i);
            }
            g.writeEndArray();
            g.writeEndObject();
            g.writeEndArray();
            g.writeEndObject();
        }
        return out.toByteArray();
    }

    private static void vulnerability(JsonGenerator g, int i) {
        // ~4 packages share each CVE, as in real images where one advisory hits a library's subpackages
        String cve = "CVE-20%02d-%05d".formatted(10 + (i / 4) % 15, i / 4);
        String pkg = "libbench" + (i % 997) + "-" + (i % 4);
        String installed = "1." + (i % 13) + "." + (i % 7) + "-1";
        String severity = SEVERITIES[i % SEVERITIES.length];
        g.writeStartObject();
        g.writeStringProperty("VulnerabilityID", cve);
        g.writeStringProperty("PkgID", pkg + "@" + installed);
        g.writeStringProperty("PkgName", pkg);
        g.writeObjectPropertyStart("PkgIdentifier");
        g.writeStringProperty("PURL", "pkg:deb/debian/" + pkg + "@" + installed + "?arch=amd64&distro=debian-12.8");
        g.writeStringProperty("UID", "%016x".formatted(i * 2654435761L));
        g.writeEndObject();
        g.writeStringProperty("InstalledVersion", installed);
        if (i % 3 != 0) {
            g.writeStringProperty("FixedVersion", "1." + (i % 13) + "." + (i % 7 + 1) + "-1");
        }
        g.writeStringProperty("Status", i % 3 != 0 ? "fixed" : "affected");
        g.writeObjectPropertyStart("Layer");
        g.writeStringProperty("Digest", "sha256:%064x".formatted(i % 5 + 1));
        g.writeStringProperty("DiffID", "sha256:%064x".formatted(i % 5 + 100));
        g.writeEndObject();
        g.writeStringProperty("SeveritySource", "nvd");
        g.writeStringProperty("PrimaryURL", "https://avd.aquasec.com/nvd/" + cve.toLowerCase());
        g.writeObjectPropertyStart("DataSource");
        g.writeStringProperty("ID", "debian");
        g.writeStringProperty("Name", "Debian Security Tracker");
        g.writeStringProperty("URL", "https://salsa.debian.org/security-tracker-team/security-tracker");
        g.writeEndObject();
        g.writeStringProperty("Fingerprint", "sha256:%064x".formatted(i * 31L + 7));
        g.writeStringProperty("Title", pkg + ": memory corruption in parser of component " + (i % 50));
        g.writeStringProperty("Description", ("A flaw was found in " + pkg + ". A remote attacker could send crafted input "
                + "that triggers an out-of-bounds write in the parser, leading to a crash or possibly code execution. ").repeat(3));
        g.writeStringProperty("Severity", severity);
        g.writeArrayPropertyStart("CweIDs");
        g.writeString("CWE-787");
        g.writeEndArray();
        g.writeObjectPropertyStart("VendorSeverity");
        g.writeNumberProperty("debian", 2);
        g.writeNumberProperty("nvd", 3);
        g.writeEndObject();
        g.writeObjectPropertyStart("CVSS");
        g.writeObjectPropertyStart("nvd");
        g.writeStringProperty("V3Vector", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H");
        g.writeNumberProperty("V3Score", 5.0 + (i % 50) / 10.0);
        g.writeEndObject();
        g.writeEndObject();
        g.writeArrayPropertyStart("References");
        g.writeString("https://security-tracker.debian.org/tracker/" + cve);
        g.writeString("https://nvd.nist.gov/vuln/detail/" + cve);
        g.writeString("https://www.cve.org/CVERecord?id=" + cve);
        g.writeEndArray();
        g.writeStringProperty("PublishedDate", "2023-0" + (1 + i % 9) + "-15T14:15:00Z");
        g.writeStringProperty("LastModifiedDate", "2024-0" + (1 + i % 9) + "-20T10:05:00Z");
        g.writeEndObject();
    }
}
