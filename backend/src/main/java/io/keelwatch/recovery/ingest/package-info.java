/** Velero objects posted by a cluster: read ({@code VeleroReader}), checked and written set-based in one transaction. */
package io.keelwatch.recovery.ingest;
