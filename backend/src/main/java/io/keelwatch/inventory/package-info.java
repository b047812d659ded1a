/**
 * What exists: projects (owned by teams), the rules mapping image repositories to projects, and
 * images identified by repository + digest with their tag observations; the environments and
 * clusters things run in, and the namespace rules saying which project owns a cluster's namespace.
 */
package io.keelwatch.inventory;
