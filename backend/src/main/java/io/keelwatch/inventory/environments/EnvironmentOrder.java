package io.keelwatch.inventory.environments;

import java.util.List;

/** Every environment's name, once, from least to most critical. */
public record EnvironmentOrder(List<String> environments) {
}
