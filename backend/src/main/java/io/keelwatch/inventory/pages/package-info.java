/**
 * The inventory's pages: the project list (with the "which project takes this repository?"
 * preview), a project's page with its repository rules, and the forms to create and edit projects
 * and add or delete their rules. The same service calls (and audit entries) as the API; a refused
 * change stays on its page with the reason and the status the API would give.
 */
package io.keelwatch.inventory.pages;
