/** Changing findings by hand: status, assignee, comments, one or a filtered selection at once, audited. */
package io.keelwatch.findings.triage;
