package io.keelwatch.access;

import java.util.Optional;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

/**
 * Registers {@code KEELWATCH_BOOTSTRAP_TOKEN} so automation can configure a fresh install without a
 * browser. A malformed token stops start-up at once (see {@link InvalidBootstrapTokenFailureAnalyzer});
 * a good one is registered once the database is migrated and before the server takes requests.
 */
@Component
class BootstrapTokenRegistrar implements SmartInitializingSingleton {

    private final Optional<String> token;
    private final ApiTokenService tokens;

    BootstrapTokenRegistrar(AccessSettings settings, ApiTokenService tokens) {
        this.token = settings.checkedBootstrapToken();
        this.tokens = tokens;
    }

    @Override
    public void afterSingletonsInstantiated() {
        token.ifPresent(tokens::registerBootstrapToken);
    }
}
