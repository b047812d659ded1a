package io.keelwatch.inventory.environments;

/** An environment to create, or an environment's new name: a DNS label ({@code staging}). */
public record EnvironmentName(String name) {
}
