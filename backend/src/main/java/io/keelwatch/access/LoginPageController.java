package io.keelwatch.access;

import io.keelwatch.platform.PublicEndpoint;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.web.WebAttributes;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

@Controller
class LoginPageController {

    private final OidcSettings oidc;

    LoginPageController(OidcSettings oidc) {
        this.oidc = oidc;
    }

    /**
     * The sign-in page: username and password, and "Sign in with Keycloak" when OIDC is configured.
     * After a failed sign-in it says why when Keelwatch refused someone the identity provider let
     * in (e.g. no Keelwatch role); otherwise it only says that the username or password was wrong.
     */
    @GetMapping("/login")
    @PublicEndpoint
    String login(HttpServletRequest request, Model model) {
        model.addAttribute("oidcLogin", oidc.enabled() ? "/oauth2/authorization/" + OidcSettings.REGISTRATION_ID : null);
        if (request.getParameter("error") != null) {
            model.addAttribute("signInError", "Wrong username or password.");
            HttpSession session = request.getSession(false);
            if (session != null && session.getAttribute(WebAttributes.AUTHENTICATION_EXCEPTION) instanceof OAuth2AuthenticationException e) {
                model.addAttribute("signInError", OidcSignInUserService.REFUSED.equals(e.getError().getErrorCode())
                        ? e.getError().getDescription()
                        : "Signing in with Keycloak did not work. Try again, or ask an administrator.");
            }
        }
        return "access/login";
    }
}
