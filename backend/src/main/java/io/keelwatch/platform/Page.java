package io.keelwatch.platform;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * One page of a list with what a client needs to fetch the next one. Where counting every match
 * would be slow, {@code totalExact} is false and {@code totalItems} is a lower bound.
 */
public record Page<T>(List<T> items, int page, int size, long totalItems, boolean totalExact) {

    public Page(List<T> items, int page, int size, long totalItems) {
        this(items, page, size, totalItems, true);
    }

    @JsonProperty
    public int totalPages() {
        return (int) ((totalItems + size - 1) / size);
    }

    /** In long arithmetic: a client may send the largest int as page number, and page + 1 must not wrap. */
    @JsonProperty
    public boolean hasNext() {
        return ((long) page + 1) * size < totalItems || !totalExact && items.size() == size;
    }

    public boolean hasPrevious() {
        return page > 0;
    }
}
