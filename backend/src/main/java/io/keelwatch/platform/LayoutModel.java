package io.keelwatch.platform;

import org.springframework.ui.Model;

/**
 * Something every page's layout shows (who is signed in, the navigation), put into a page's model.
 * {@link LayoutModelInterceptor} adds every one to a page a handler chose to render; handler
 * interceptors do not see exception handlers, so the error pages {@link PageErrorAdvice} renders ask each of these.
 */
public interface LayoutModel {

    void addTo(Model model);
}
