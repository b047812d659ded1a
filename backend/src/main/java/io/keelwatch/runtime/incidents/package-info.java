/**
 * Incidents: runtime alerts grouped by hand or by the grouping rule ({@link io.keelwatch.runtime.incidents.IncidentGrouping}),
 * worked through status, owner and notes with a timeline, read through the one visibility rule. The demo creates its
 * incident through {@link io.keelwatch.runtime.incidents.IncidentService}, the named interface {@code runtime::incidents}.
 */
package io.keelwatch.runtime.incidents;
