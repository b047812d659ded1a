package io.keelwatch.inventory;

/**
 * Who owns a namespace of a cluster: the project of the most specific namespace rule matching it,
 * and so that project's team. A namespace no rule matches has no owner here: its evidence belongs
 * to the cluster's owners, leads and admins, and is shown to no team.
 *
 * @param project     the project's slug
 * @param projectName the project's display name
 * @param team        the slug of the project's team
 * @param pattern     the rule that matched ({@code payments-*})
 */
public record NamespaceOwner(long projectId, String project, String projectName, long teamId, String team, String pattern) {
}
