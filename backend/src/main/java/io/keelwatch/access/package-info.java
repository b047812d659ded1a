/**
 * Who the caller is and what they may see: accounts, teams, roles, sign-in. Every read in
 * Keelwatch takes a {@link io.keelwatch.access.Viewer} and filters in its query.
 */
package io.keelwatch.access;
