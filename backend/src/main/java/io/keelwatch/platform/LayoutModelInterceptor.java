package io.keelwatch.platform;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import java.util.Map;
import org.springframework.ui.ExtendedModelMap;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.view.RedirectView;

/**
 * Adds every {@link LayoutModel} part to a page's model once its handler has chosen a view to render.
 * Model-attribute advice would run before every handler, the API's too, where a JSON answer needs no
 * signed-in user's name nor navigation yet paid for them on each call (the Falco endpoint's hottest
 * path); a handler that wrote its answer itself has no {@link ModelAndView}. What a handler put in the
 * model itself is kept.
 */
final class LayoutModelInterceptor implements HandlerInterceptor {

    private static final String REDIRECT = "redirect:";

    private final List<LayoutModel> layout;

    LayoutModelInterceptor(List<LayoutModel> layout) {
        this.layout = layout;
    }

    @Override
    public void postHandle(HttpServletRequest request, HttpServletResponse response, Object handler, ModelAndView page) {
        if (page == null || page.wasCleared() || redirects(page)) {
            return;
        }
        ExtendedModelMap parts = new ExtendedModelMap();
        layout.forEach(part -> part.addTo(parts));
        Map<String, Object> model = page.getModelMap();
        parts.forEach(model::putIfAbsent);
    }

    private static boolean redirects(ModelAndView page) {
        return page.getView() instanceof RedirectView || (page.getViewName() != null && page.getViewName().startsWith(REDIRECT));
    }
}
