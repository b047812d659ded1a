package io.keelwatch.access;

import io.keelwatch.platform.LayoutModel;
import org.springframework.stereotype.Component;
import org.springframework.ui.Model;

/**
 * Puts the signed-in user's name and role into every page's model for the layout's header (the
 * navigation entries they may use come from {@link NavigationLayout}).
 */
@Component
class CurrentUserLayout implements LayoutModel {

    record CurrentUser(String username, String role) {
    }

    private final CurrentViewer currentViewer;

    CurrentUserLayout(CurrentViewer currentViewer) {
        this.currentViewer = currentViewer;
    }

    CurrentUser currentUser() {
        return currentViewer.find().map(viewer -> new CurrentUser(viewer.username(), viewer.role().name())).orElse(null);
    }

    @Override
    public void addTo(Model model) {
        model.addAttribute("currentUser", currentUser());
    }
}
