package io.keelwatch.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/** A malformed {@code KEELWATCH_BOOTSTRAP_TOKEN} stops start-up with a message that says why, never the value. */
class BootstrapTokenMustLookLikeATokenTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(AccessSettings.class)
    static class Settings {
    }

    private final ApiTokenService tokens = mock(ApiTokenService.class);
    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withUserConfiguration(Settings.class)
            .withBean(ApiTokenService.class, () -> tokens)
            .withBean(BootstrapTokenRegistrar.class);

    @ParameterizedTest
    @ValueSource(strings = {"kw_short", "ghp_0123456789abcdefghijklmnopqrstuvwxyz", "kw_0123456789abcdef0123456789abcdef-+/="})
    void startUpFailsWithAClearMessage(String token) {
        context.withPropertyValues("keelwatch.access.bootstrap-token=" + token).run(started -> {
            assertThat(started).hasFailed();
            Throwable failure = started.getStartupFailure();
            FailureAnalysis analysis = new InvalidBootstrapTokenFailureAnalyzer().analyze(failure);
            assertThat(analysis).isNotNull();
            assertThat(analysis.getDescription())
                    .contains("KEELWATCH_BOOTSTRAP_TOKEN", "must start with 'kw_'", "at least 32 characters")
                    .doesNotContain(token);
            assertThat(analysis.getAction()).contains("openssl rand -hex 32");
        });
        verify(tokens, never()).registerBootstrapToken(anyString());
    }

    @Test
    void aWellFormedTokenIsRegistered() {
        String token = "kw_" + "0123456789abcdef".repeat(4);
        context.withPropertyValues("keelwatch.access.bootstrap-token=" + token).run(started -> {
            assertThat(started).hasNotFailed();
            verify(tokens).registerBootstrapToken(token);
        });
    }

    @Test
    void noTokenRegistersNothingAndSettingsNeverPrintTheSecret() {
        context.run(started -> assertThat(started).hasNotFailed());
        verify(tokens, never()).registerBootstrapToken(anyString());
        assertThat(new AccessSettings("kw_" + "a".repeat(40)).toString()).doesNotContain("aaaa");
    }
}
