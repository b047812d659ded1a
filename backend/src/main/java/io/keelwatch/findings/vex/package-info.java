/** OpenVEX documents in (as proposed exceptions) and out (a project's approved decisions, shaped as Trivy matches them). */
package io.keelwatch.findings.vex;
