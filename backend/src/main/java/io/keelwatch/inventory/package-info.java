/**
 * What exists: projects (owned by teams), the rules mapping image repositories to projects, and
 * images identified by repository + digest with their tag observations.
 */
package io.keelwatch.inventory;
