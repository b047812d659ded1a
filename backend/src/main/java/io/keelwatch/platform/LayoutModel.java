package io.keelwatch.platform;

import org.springframework.ui.Model;

/**
 * Something every page's layout shows (who is signed in, the navigation), put into a page's model.
 * Modules add it to their pages with {@code @ModelAttribute} advice; Spring applies no such advice
 * to exception handlers, so the error pages {@link PageErrorAdvice} renders ask each of these.
 */
public interface LayoutModel {

    void addTo(Model model);
}
