/**
 * A person's own settings: the time zone pages show times in (null: the browser's), kept in the
 * session from sign-in so a page view reads the account once ({@code CurrentViewer}) and no more.
 */
package io.keelwatch.access.settings;
