package io.keelwatch.findings.ingest.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The fingerprint rule that lets Trivy's and Grype's reports of one image meet. No fixture pair
 * has both scanners on the same image, so this checks the rule itself: Trivy's purl as the
 * alpine-310 report writes it, and the purl Grype writes for the same package (Grype adds the
 * upstream source package and spells the distro differently).
 */
class SamePackageFromTwoScannersIsOneFindingTest {

    private static final String TRIVY_PURL = "pkg:apk/alpine/libssl1.1@1.1.1c-r0?arch=x86_64&distro=3.10.2";
    private static final String GRYPE_PURL = "pkg:apk/alpine/libssl1.1@1.1.1c-r0?arch=x86_64&upstream=openssl&distro=alpine-3.10.2";

    @Test
    void purlsThatDifferOnlyInQualifiersGiveOneFingerprint() {
        assertThat(Fingerprints.vulnerability("CVE-2019-1549", "libssl1.1", "1.1.1c-r0", GRYPE_PURL))
                .isEqualTo(Fingerprints.vulnerability("CVE-2019-1549", "libssl1.1", "1.1.1c-r0", TRIVY_PURL));
    }

    @Test
    void anotherPackageVersionOrPathStaysApart() {
        String trivy = Fingerprints.vulnerability("CVE-2019-1549", "libssl1.1", "1.1.1c-r0", TRIVY_PURL);
        assertThat(Fingerprints.vulnerability("CVE-2019-1549", "libssl1.1", "1.1.1d-r0",
                "pkg:apk/alpine/libssl1.1@1.1.1d-r0?arch=x86_64")).isNotEqualTo(trivy);
        assertThat(Fingerprints.vulnerability("CVE-2019-1549", "libssl1.1", "1.1.1c-r0", "/lib/apk/db/installed"))
                .isNotEqualTo(trivy);
        assertThat(Fingerprints.vulnerability("CVE-2019-11358", "jquery", "3.3.1", "npm:package-lock.json"))
                .as("the version alone, where the location does not name it")
                .isNotEqualTo(Fingerprints.vulnerability("CVE-2019-11358", "jquery", "3.3.9", "npm:package-lock.json"));
    }

    @Test
    void purlNamesReadAsTheEcosystemPrintsThem() {
        assertThat(PackageUrl.parse("pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.9.1").orElseThrow().packageName())
                .isEqualTo("com.fasterxml.jackson.core:jackson-databind");
        assertThat(PackageUrl.parse("pkg:npm/%40babel/core@7.0.0").orElseThrow().packageName()).isEqualTo("@babel/core");
        PackageUrl deb = PackageUrl.parse("pkg:deb/ubuntu/libstdc%2B%2B6@12.3.0-1ubuntu1~22.04?arch=amd64&distro=ubuntu-22.04")
                .orElseThrow();
        assertThat(deb.packageName()).isEqualTo("libstdc++6");
        assertThat(deb.version()).isEqualTo("12.3.0-1ubuntu1~22.04");
        assertThat(deb.qualifiers()).containsEntry("distro", "ubuntu-22.04");
        assertThat(PackageUrl.parse("pkg:oci/alpine@sha256%3A21a3deaa?repository_url=index.docker.io%2Flibrary%2Falpine")
                .orElseThrow().qualifiers()).containsEntry("repository_url", "index.docker.io/library/alpine");
    }
}
