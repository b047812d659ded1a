/**
 * The views that join everything a team produces into posture: the dashboard now, daily
 * snapshots and trends later.
 */
package io.keelwatch.posture;
