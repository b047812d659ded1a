package io.keelwatch.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/**
 * Initial-administrator settings that could only make a weak or broken account stop start-up with a
 * message that says why (never the password); good ones create the account, none create nothing.
 */
class InitialAdministratorNeedsAStrongPasswordTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(InitialAdministratorSettings.class)
    static class Settings {
    }

    private final AccessService access = mock(AccessService.class);
    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withUserConfiguration(Settings.class)
            .withBean(AccessService.class, () -> access)
            .withBean(InitialAdministrator.class);

    @ParameterizedTest
    @CsvSource({"root, short-pw11, 12 to 200 characters", "root, '', go together", "'', a-long-enough-password, go together",
            "'not a name', a-long-enough-password, letters, digits"})
    void startUpFailsWithAClearMessage(String username, String password, String reason) {
        context.withPropertyValues("keelwatch.access.initial-admin.username=" + username,
                "keelwatch.access.initial-admin.password=" + password).run(started -> {
            assertThat(started).hasFailed();
            FailureAnalysis analysis = new InvalidInitialAdministratorFailureAnalyzer().analyze(started.getStartupFailure());
            assertThat(analysis).isNotNull();
            assertThat(analysis.getDescription()).contains("KEELWATCH_INITIAL_ADMIN", reason);
            if (!password.isEmpty()) {
                assertThat(analysis.getDescription()).doesNotContain(password);
            }
            assertThat(analysis.getAction()).contains("at least 12 characters");
        });
        verify(access, never()).createInitialAdministrator(anyString(), anyString());
    }

    @Test
    void goodSettingsCreateTheAccountAndNoneCreateNothing() {
        context.withPropertyValues("keelwatch.access.initial-admin.username=root",
                "keelwatch.access.initial-admin.password=twelve-chars").run(started -> {
            assertThat(started).hasNotFailed();
            verify(access).createInitialAdministrator("root", "twelve-chars");
        });
        context.run(started -> assertThat(started).hasNotFailed());
        verify(access).createInitialAdministrator(anyString(), anyString());
        assertThat(new InitialAdministratorSettings("root", "a-secret-password").toString()).doesNotContain("a-secret-password");
    }
}
