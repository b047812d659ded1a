package io.keelwatch.access;

/**
 * What an administrator changes about an account: its role, whether it may sign in, or both
 * (null leaves it as it is).
 */
public record AccountChange(Role role, Boolean enabled) {
}
