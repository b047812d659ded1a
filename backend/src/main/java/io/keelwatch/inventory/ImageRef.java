package io.keelwatch.inventory;

public record ImageRef(long id, String repository, String digest) {
}
