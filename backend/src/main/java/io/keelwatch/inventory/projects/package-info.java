/**
 * Managing projects: create, edit, archive and unarchive (JPA aggregate {@code Project} with its
 * owners), the list and detail reads (through {@code TeamScope}), who may do what, the API and the pages.
 */
package io.keelwatch.inventory.projects;
