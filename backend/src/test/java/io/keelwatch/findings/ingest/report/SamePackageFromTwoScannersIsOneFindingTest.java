package io.keelwatch.findings.ingest.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The fingerprint rule that lets reports of one image meet whichever scanner or format made them:
 * Trivy's purl as the alpine-310 report writes it, the purl Grype writes for the same package (Grype
 * adds the upstream source package and spells the distro differently), the paths scanners write.
 */
class SamePackageFromTwoScannersIsOneFindingTest {

    private static final String TRIVY_PURL = "pkg:apk/alpine/libssl1.1@1.1.1c-r0?arch=x86_64&distro=3.10.2";
    private static final String GRYPE_PURL = "pkg:apk/alpine/libssl1.1@1.1.1c-r0?arch=x86_64&upstream=openssl&distro=alpine-3.10.2";

    @Test
    void aDistributionPackageIsItsNameAndVersionWhereverAReportPlacesIt() {
        assertThat(Fingerprints.isDistributionPackage(TRIVY_PURL)).isTrue();
        assertThat(Fingerprints.isDistributionPackage(GRYPE_PURL)).isTrue();
        assertThat(Fingerprints.isDistributionPackage("pkg:deb/debian/libc6@2.28-10?arch=amd64")).isTrue();
        assertThat(Fingerprints.isDistributionPackage("pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1")).isFalse();
        assertThat(Fingerprints.isDistributionPackage(null)).isFalse();
        String os = Fingerprints.distributionPackageVulnerability("CVE-2019-1549", "libssl1.1", "1.1.1c-r0");
        assertThat(os).isNotEqualTo(Fingerprints.distributionPackageVulnerability("CVE-2019-1549", "libssl1.1", "1.1.1d-r0"))
                .isNotEqualTo(Fingerprints.distributionPackageVulnerability("CVE-2019-1551", "libssl1.1", "1.1.1c-r0"));
    }

    @Test
    void aLanguagePackageIsItsFileWithOrWithoutALeadingSlash() {
        String trivy = Fingerprints.packageVulnerability("CVE-2021-44228", "org.apache.logging.log4j:log4j-core", "2.14.1",
                "app/lib/log4j-core-2.14.1.jar", "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1");
        assertThat(Fingerprints.packageVulnerability("CVE-2021-44228", "org.apache.logging.log4j:log4j-core", "2.14.1",
                "/app/lib/log4j-core-2.14.1.jar", null)).as("Grype's path").isEqualTo(trivy);
        assertThat(Fingerprints.packageVulnerability("CVE-2021-44228", "org.apache.logging.log4j:log4j-core", "2.14.1",
                "./app/lib/log4j-core-2.14.1.jar", null)).isEqualTo(trivy);
        assertThat(Fingerprints.packageVulnerability("CVE-2021-44228", "org.apache.logging.log4j:log4j-core", "2.14.1",
                "opt/other/log4j-core-2.14.1.jar", "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1"))
                .as("the same library in another file").isNotEqualTo(trivy);
        assertThat(Fingerprints.packageVulnerability("CVE-2021-44228", "org.apache.logging.log4j:log4j-core", "2.14.1",
                null, "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1?type=jar"))
                .as("no file: the purl without qualifiers")
                .isEqualTo(Fingerprints.packageVulnerability("CVE-2021-44228", "org.apache.logging.log4j:log4j-core", "2.14.1",
                        null, "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1"));
        assertThat(Fingerprints.packageVulnerability("CVE-2019-11358", "jquery", "3.3.1", "package-lock.json", null))
                .as("the version alone, where the location does not name it")
                .isNotEqualTo(Fingerprints.packageVulnerability("CVE-2019-11358", "jquery", "3.3.9", "package-lock.json", null));
    }

    @Test
    void trivysSarifNamesAnImageByItsPathOnTheRegistry() {
        assertThat(ImageReferences.pathOnRegistry("ghcr.io/aquasecurity/trivy-test-images:alpine-310"))
                .isEqualTo("aquasecurity/trivy-test-images");
        assertThat(ImageReferences.pathOnRegistry("alpine:3.10")).isEqualTo("library/alpine");
        assertThat(ImageReferences.pathOnRegistry("docker.io/alpine@sha256:abc")).isEqualTo("library/alpine");
        assertThat(ImageReferences.pathOnRegistry("localhost:5000/team/app:1")).isEqualTo("team/app");
        assertThat(ImageReferences.pathOnRegistry("testdata/fixtures/images/alpine-310.tar.gz"))
                .isEqualTo("testdata/fixtures/images/alpine-310.tar.gz");
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
