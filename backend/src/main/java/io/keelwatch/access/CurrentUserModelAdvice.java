package io.keelwatch.access;

import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * Puts the signed-in user's name and role into every page's model for the layout's header, and
 * whether the header links the audit log (the page itself checks again).
 */
@ControllerAdvice(annotations = Controller.class)
class CurrentUserModelAdvice {

    record CurrentUser(String username, String role, boolean mayReadAuditLog, boolean mayAdminister) {
    }

    private final AccessRules access;

    CurrentUserModelAdvice(AccessRules access) {
        this.access = access;
    }

    @ModelAttribute("currentUser")
    CurrentUser currentUser() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth == null || auth instanceof AnonymousAuthenticationToken || !auth.isAuthenticated()) {
            return null;
        }
        String role = auth.getAuthorities().stream()
                .map(GrantedAuthority::getAuthority)
                .filter(a -> a.startsWith("ROLE_"))
                .map(a -> a.substring(5))
                .findFirst()
                .orElse("");
        return new CurrentUser(auth.getName(), role, access.canReadAuditLog(), access.isAdmin());
    }
}
