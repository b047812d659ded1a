package io.keelwatch.access;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Settings for the initial administrator that could only make a weak or broken account stop start-up with one readable paragraph. */
class InvalidInitialAdministratorFailureAnalyzer
        extends AbstractFailureAnalyzer<InitialAdministratorSettings.InvalidInitialAdministratorException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, InitialAdministratorSettings.InvalidInitialAdministratorException cause) {
        return new FailureAnalysis(cause.getMessage(), "Set KEELWATCH_INITIAL_ADMIN_USERNAME and a password of at least "
                + InitialAdministratorSettings.MIN_PASSWORD_LENGTH + " characters in KEELWATCH_INITIAL_ADMIN_PASSWORD (for example "
                + "the output of 'openssl rand -base64 18'), or unset both.", cause);
    }
}
