package io.keelwatch.inventory;

/**
 * Something a workload document holds that was not recorded, and why.
 *
 * @param item   what it is ({@code Pod default/web-1}, {@code Service default/web}, {@code item #3})
 * @param reason why it was skipped ({@code is pending: no imageID yet})
 */
public record SkippedItem(String item, String reason) {
}
