package io.keelwatch.demo;

import io.keelwatch.platform.EmbeddedDatabaseMarker;
import io.keelwatch.platform.StartupNotice;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/** In evaluation mode (demo on), the start-up announcement names the demo logins the seeder creates. */
@Component
class DemoLogins implements StartupNotice {

    private final boolean enabled;

    DemoLogins(DemoSettings settings, ObjectProvider<EmbeddedDatabaseMarker> embedded) {
        this.enabled = DemoDataSeeder.enabled(settings, embedded.getIfAvailable() != null);
    }

    @Override
    public List<String> lines() {
        if (!enabled) {
            return List.of();
        }
        return List.of("Evaluation mode: demo data (seeded into an empty database). Demo logins, password = username:",
                "lead (security lead, every team), dev (developer, payments), dev2 (developer, platform),",
                "auditor (read-only, every team), admin (administrator)");
    }
}
