package io.keelwatch.access;

import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

/**
 * Creates the initial administrator once the database is migrated and before the server takes
 * requests, so a new installation can be signed in to without SQL. Settings that could only make a
 * weak account stop start-up at once (see {@link InvalidInitialAdministratorFailureAnalyzer}).
 */
@Component
class InitialAdministrator implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(InitialAdministrator.class);

    private final Optional<InitialAdministratorSettings> wanted;
    private final AccessService access;

    InitialAdministrator(InitialAdministratorSettings settings, AccessService access) {
        this.wanted = settings.checked();
        this.access = access;
    }

    @Override
    public void afterSingletonsInstantiated() {
        wanted.ifPresent(admin -> {
            if (access.createInitialAdministrator(admin.username(), admin.password())) {
                log.info("Created the initial administrator '{}' (KEELWATCH_INITIAL_ADMIN_USERNAME)", admin.username());
            } else {
                log.info("KEELWATCH_INITIAL_ADMIN_USERNAME is ignored: accounts exist already (it is honoured on an empty database only)");
            }
        });
    }
}
