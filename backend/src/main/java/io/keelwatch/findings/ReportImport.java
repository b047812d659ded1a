package io.keelwatch.findings;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * What importing a report did: one image's scan ({@link ImportResult}), or the scans of the images a
 * trivy k8s cluster report names ({@link ClusterImportResult}).
 */
@Schema(oneOf = {ImportResult.class, ClusterImportResult.class})
public sealed interface ReportImport permits ImportResult, ClusterImportResult {

    /** True when the import created no scan: this report had been imported before. */
    boolean duplicate();
}
