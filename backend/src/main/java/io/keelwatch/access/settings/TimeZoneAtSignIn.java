package io.keelwatch.access.settings;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.event.InteractiveAuthenticationSuccessEvent;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Puts the zone a person chose into their browser session when they sign in (with a password or
 * through Keycloak), so pages show it without reading the account again on every view.
 */
@Component
class TimeZoneAtSignIn {

    private final TimeZoneSettings settings;

    TimeZoneAtSignIn(TimeZoneSettings settings) {
        this.settings = settings;
    }

    @EventListener
    void signedIn(InteractiveAuthenticationSuccessEvent event) {
        if (!(RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes)) {
            return;
        }
        HttpServletRequest request = attributes.getRequest();
        settings.zoneOfUsername(event.getAuthentication().getName())
                .ifPresent(zone -> request.getSession().setAttribute(TimeZoneSettings.SESSION_ATTRIBUTE, zone));
    }
}
