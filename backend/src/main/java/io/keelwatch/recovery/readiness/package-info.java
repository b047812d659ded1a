/**
 * Readiness: the rules ({@code Readiness}, {@code Coverage}), what they read ({@code RecoveryQueries}, through the one
 * visibility rule), evidence on restores, clean restore points of incidents, the API and the pages.
 */
package io.keelwatch.recovery.readiness;
