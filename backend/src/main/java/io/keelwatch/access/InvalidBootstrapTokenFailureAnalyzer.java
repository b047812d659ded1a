package io.keelwatch.access;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** A malformed bootstrap token stops start-up with one readable paragraph instead of a stack trace. */
class InvalidBootstrapTokenFailureAnalyzer extends AbstractFailureAnalyzer<AccessSettings.InvalidBootstrapTokenException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, AccessSettings.InvalidBootstrapTokenException cause) {
        return new FailureAnalysis(cause.getMessage(), "Set KEELWATCH_BOOTSTRAP_TOKEN to a generated value, for example "
                + "kw_ followed by the output of 'openssl rand -hex 32', or unset it.", cause);
    }
}
