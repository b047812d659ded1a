package io.keelwatch.inventory.rules;

import io.keelwatch.platform.RefusesUnknownFields;

/** @param pattern a glob over image repositories, e.g. {@code ghcr.io/acme/payments-*} */
public record NewRepositoryRule(String pattern) implements RefusesUnknownFields {
}
