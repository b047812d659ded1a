package io.keelwatch.findings;

/**
 * What a mute exception (subject: a runtime rule) matches besides its rule ({@code matchId}) and scope:
 * each pattern optional ({@code *} matches any characters), null: anything.
 *
 * @param cluster          the cluster it is limited to (its name), or null: every cluster of its scope
 * @param namespacePattern the alert's namespace
 * @param workloadPattern  the workload whose pods raised it (pods are named {@code <workload>-…}, so {@code api}
 *                         covers {@code api-7d4b9c-x2x1p})
 * @param imagePattern     the image repository Falco reported
 */
public record MuteTerms(String cluster, String namespacePattern, String workloadPattern, String imagePattern) {
}
