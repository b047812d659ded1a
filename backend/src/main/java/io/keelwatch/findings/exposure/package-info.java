/** The dashboard's per-project counts of actionable findings: recounted by every change to findings, read by posture. */
package io.keelwatch.findings.exposure;
