/**
 * Evaluation data: demo teams, users and projects, and real scanner reports imported through
 * the same service API users call. Runs only on an empty database, by default only in
 * evaluation mode (embedded PostgreSQL).
 */
package io.keelwatch.demo;
