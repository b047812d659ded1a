package io.keelwatch.findings.ingest.report;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * Parsers turn report bytes into the report model ({@link ParsedFinding}, {@link CatalogEntry},
 * {@link ReportHeader} through a {@link ReportSink}) and know nothing of how it is stored: no
 * database, no transaction, no other part of the import, no access rules. A parser can then be
 * tested, reused or replaced without a database, and a persistence change cannot break one.
 */
class ReportParsersKnowOnlyTheReportModelTest {

    private final JavaClasses parsers = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.keelwatch.findings.ingest.report");

    @Test
    void parsersDependOnTheReportModelOnly() {
        classes().should().onlyDependOnClassesThat().resideInAnyPackage(
                        "io.keelwatch.findings.ingest.report..",
                        "io.keelwatch.findings", // the module's vocabulary: Severity, FindingKind, result records
                        "io.keelwatch.inventory", // ArtifactIdentity, what an image is
                        "io.keelwatch.platform", // the problem contract (a malformed report is a problem answer)
                        "java..", "tools.jackson..", "org.springframework.stereotype..", "org.jspecify..")
                .because("parsers produce the report model and must stay free of persistence and of the rest of the import")
                .check(parsers);
    }
}
