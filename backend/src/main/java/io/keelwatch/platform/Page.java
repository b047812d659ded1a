package io.keelwatch.platform;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.function.Function;

/** One page of a list with what a client needs to fetch the next one. */
public record Page<T>(List<T> items, int page, int size, long totalItems) {

    @JsonProperty
    public int totalPages() {
        return (int) ((totalItems + size - 1) / size);
    }

    @JsonProperty
    public boolean hasNext() {
        return (long) (page + 1) * size < totalItems;
    }

    public boolean hasPrevious() {
        return page > 0;
    }

    public <R> Page<R> map(Function<T, R> mapper) {
        return new Page<>(items.stream().map(mapper).toList(), page, size, totalItems);
    }
}
