/**
 * Taking Falco events in: the endpoint, reading and bounding events at the door, the group commit
 * that answers each post after the transaction holding its events, and the set-based writer that
 * stores and folds them.
 */
package io.keelwatch.runtime.ingest;
