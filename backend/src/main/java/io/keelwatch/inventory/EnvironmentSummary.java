package io.keelwatch.inventory;

/**
 * An environment clusters run in.
 *
 * @param rank     its place from least to most critical (dev before staging before prod), from 0
 * @param clusters how many clusters run in it
 */
public record EnvironmentSummary(long id, String name, int rank, long clusters) {
}
