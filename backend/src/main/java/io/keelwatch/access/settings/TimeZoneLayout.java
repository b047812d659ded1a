package io.keelwatch.access.settings;

import io.keelwatch.platform.LayoutModel;
import jakarta.servlet.http.HttpSession;
import org.springframework.stereotype.Component;
import org.springframework.ui.Model;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * The zone the layout hands keelwatch.js ({@code meta keelwatch-time-zone}), from the session;
 * none means the browser's own.
 */
@Component
class TimeZoneLayout implements LayoutModel {

    String timeZone() {
        if (!(RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes)) {
            return null;
        }
        HttpSession session = attributes.getRequest().getSession(false);
        return session == null ? null : (String) session.getAttribute(TimeZoneSettings.SESSION_ATTRIBUTE);
    }

    @Override
    public void addTo(Model model) {
        model.addAttribute("timeZone", timeZone());
    }
}
