/** Finding lists, details and the CSV export, in the API and the browser; the one filter condition lists, exports and bulk triage share. */
package io.keelwatch.findings.list;
