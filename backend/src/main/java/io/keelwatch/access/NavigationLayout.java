package io.keelwatch.access;

import io.keelwatch.platform.NavigationEntry;
import java.util.Comparator;
import java.util.List;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.context.expression.BeanFactoryResolver;
import org.springframework.expression.Expression;
import org.springframework.expression.spel.standard.SpelExpressionParser;
import org.springframework.expression.spel.support.StandardEvaluationContext;
import io.keelwatch.platform.LayoutModel;
import org.springframework.stereotype.Component;
import org.springframework.ui.Model;

/**
 * Puts the navigation entries every module declares ({@link NavigationEntry} beans) into every
 * page's model, those the caller may use and in order, for the layout's navigation bar. An entry's
 * rule is evaluated as its page's {@code @PreAuthorize} is, against the {@code @access} bean, so
 * both ask the same {@link Viewer} (read once per request, see {@link CurrentViewer}).
 */
@Component
class NavigationLayout implements LayoutModel {

    /** An entry with its rule parsed once, at start-up. */
    private record RuledEntry(NavigationEntry entry, Expression visibleTo) {
    }

    private final List<RuledEntry> entries;
    private final BeanFactoryResolver beans;

    NavigationLayout(List<NavigationEntry> entries, BeanFactory beanFactory) {
        SpelExpressionParser parser = new SpelExpressionParser();
        this.entries = entries.stream()
                .sorted(Comparator.comparingInt(NavigationEntry::order).thenComparing(NavigationEntry::label))
                .map(entry -> new RuledEntry(entry, parser.parseExpression(entry.visibleTo())))
                .toList();
        this.beans = new BeanFactoryResolver(beanFactory);
    }

    List<NavigationEntry> navigation() {
        StandardEvaluationContext context = new StandardEvaluationContext();
        context.setBeanResolver(beans);
        return entries.stream()
                .filter(ruled -> Boolean.TRUE.equals(ruled.visibleTo().getValue(context, Boolean.class)))
                .map(RuledEntry::entry)
                .toList();
    }

    @Override
    public void addTo(Model model) {
        model.addAttribute("navigation", navigation());
    }
}
