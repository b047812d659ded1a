/**
 * Repository rules: glob patterns filing image repositories under projects (the most specific
 * wins), added and deleted by those who may edit the project, and the "which project takes this
 * repository?" preview; the API and the project page's forms.
 */
package io.keelwatch.inventory.rules;
