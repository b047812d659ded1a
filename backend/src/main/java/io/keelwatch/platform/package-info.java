/**
 * Cross-cutting plumbing every feature may use: the database bootstrap, the one error contract
 * (RFC 9457 problem details), paging and the navigation entries each feature contributes.
 * Holds no domain logic.
 */
@org.springframework.modulith.ApplicationModule(type = org.springframework.modulith.ApplicationModule.Type.OPEN)
package io.keelwatch.platform;
