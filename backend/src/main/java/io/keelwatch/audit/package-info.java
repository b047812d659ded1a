/**
 * The append-only record of who did what to which record, when and from where. The database
 * refuses updates and deletes of its rows (see V1 migration); this module only appends and reads.
 */
package io.keelwatch.audit;
