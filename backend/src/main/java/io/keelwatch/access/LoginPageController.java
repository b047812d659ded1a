package io.keelwatch.access;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

@Controller
class LoginPageController {

    @GetMapping("/login")
    @PublicEndpoint
    String login() {
        return "login";
    }
}
