package io.keelwatch.access;

import io.keelwatch.platform.LayoutModel;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * Puts the signed-in user's name and role into every page's model for the layout's header (the
 * navigation entries they may use come from {@link NavigationModelAdvice}).
 */
@ControllerAdvice(annotations = Controller.class)
class CurrentUserModelAdvice implements LayoutModel {

    record CurrentUser(String username, String role) {
    }

    private final CurrentViewer currentViewer;

    CurrentUserModelAdvice(CurrentViewer currentViewer) {
        this.currentViewer = currentViewer;
    }

    @ModelAttribute("currentUser")
    CurrentUser currentUser() {
        return currentViewer.find().map(viewer -> new CurrentUser(viewer.username(), viewer.role().name())).orElse(null);
    }

    @Override
    public void addTo(Model model) {
        model.addAttribute("currentUser", currentUser());
    }
}
