/** Recovery policies: a small CRUD aggregate (JPA), its queries, service, API and page. */
package io.keelwatch.recovery.policies;
