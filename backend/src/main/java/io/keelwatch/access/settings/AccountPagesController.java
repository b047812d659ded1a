package io.keelwatch.access.settings;

import io.keelwatch.access.CurrentViewer;
import io.keelwatch.access.Viewer;
import jakarta.servlet.http.HttpSession;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** A person's own settings page (reached from their name in the header): the time zone times are shown in. */
@Controller
class AccountPagesController {

    private final TimeZoneSettings zones;
    private final CurrentViewer currentViewer;

    AccountPagesController(TimeZoneSettings zones, CurrentViewer currentViewer) {
        this.zones = zones;
        this.currentViewer = currentViewer;
    }

    @GetMapping("/account")
    @PreAuthorize("@access.canRead()")
    String account(Model model) {
        Viewer viewer = currentViewer.get();
        model.addAttribute("chosenZone", zones.zoneOf(viewer).orElse(null));
        model.addAttribute("zones", zones.choices());
        model.addAttribute("now", OffsetDateTime.now(ZoneOffset.UTC));
        return "access/account";
    }

    /** Saves the zone (blank: the browser's) and puts it into this session, so the next page shows it. */
    @PostMapping("/account/time-zone")
    @PreAuthorize("@access.canRead()")
    String changeTimeZone(@RequestParam(required = false) String timeZone, HttpSession session, RedirectAttributes flash) {
        String zone = zones.change(currentViewer.get(), timeZone).orElse(null);
        if (zone == null) {
            session.removeAttribute(TimeZoneSettings.SESSION_ATTRIBUTE);
        } else {
            session.setAttribute(TimeZoneSettings.SESSION_ATTRIBUTE, zone);
        }
        flash.addFlashAttribute("message", zone == null ? "Times are shown in your browser's time zone." : "Times are shown in " + zone + ".");
        return "redirect:/account";
    }
}
