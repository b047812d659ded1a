package io.keelwatch.inventory.clusters;

import io.keelwatch.inventory.NamespaceOwner;

/**
 * Who owns a namespace of a cluster, as the caller may know it.
 *
 * @param owner the project (and team) its evidence belongs to, or null: for someone who sees every
 *              team, no rule maps the namespace and its evidence is for leads and admins only; for
 *              anyone else, it is not one of their teams' namespaces
 */
public record NamespacePreview(String cluster, String namespace, NamespaceOwner owner) {
}
