package io.keelwatch.demo;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** @param enabled seed demo data; unset means "only when running on the embedded database" */
@ConfigurationProperties("keelwatch.demo")
public record DemoSettings(Boolean enabled) {
}
