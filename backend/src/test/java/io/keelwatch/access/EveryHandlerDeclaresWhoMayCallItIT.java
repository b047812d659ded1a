package io.keelwatch.access;

import static org.assertj.core.api.Assertions.assertThat;

import io.keelwatch.platform.PublicEndpoint;
import io.keelwatch.testsupport.KeelwatchIntegrationTest;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Reads every handler Spring MVC maps, so a new endpoint is covered the moment it exists: each
 * Keelwatch handler must say who may call it ({@code @PreAuthorize} or {@link PublicEndpoint}), and a
 * {@code @PreAuthorize} names one of the {@link AccessRules} ({@code @access.…}).
 */
@KeelwatchIntegrationTest
class EveryHandlerDeclaresWhoMayCallItIT {

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    @Test
    void everyKeelwatchHandlerHasAnExplicitAuthorizationRule() {
        List<HandlerMethod> keelwatchHandlers = mappings.getHandlerMethods().values().stream()
                .filter(h -> h.getBeanType().getPackageName().startsWith("io.keelwatch"))
                .toList();
        List<String> undeclared = keelwatchHandlers.stream()
                .filter(h -> !declaresAccess(h))
                .map(h -> h.getBeanType().getSimpleName() + "#" + h.getMethod().getName())
                .toList();

        assertThat(keelwatchHandlers).hasSizeGreaterThan(5);
        assertThat(undeclared).as("handlers without @PreAuthorize or @PublicEndpoint").isEmpty();
    }

    /** Pages and API speak one vocabulary: a rule of {@link AccessRules}, never a list of roles. */
    @Test
    void everyRuleIsOneOfTheAccessRules() {
        List<String> otherRules = mappings.getHandlerMethods().values().stream()
                .filter(h -> h.getBeanType().getPackageName().startsWith("io.keelwatch"))
                .filter(h -> rule(h) != null && !rule(h).value().matches("@access\\.\\w+\\(\\)"))
                .map(h -> h.getBeanType().getSimpleName() + "#" + h.getMethod().getName() + " " + rule(h).value())
                .toList();

        assertThat(otherRules).as("@PreAuthorize expressions that name no @access rule").isEmpty();
    }

    /** The method's rule, else its class's (as method security applies them). */
    private static PreAuthorize rule(HandlerMethod handler) {
        PreAuthorize onMethod = handler.getMethodAnnotation(PreAuthorize.class);
        return onMethod != null ? onMethod : AnnotatedElementUtils.findMergedAnnotation(handler.getBeanType(), PreAuthorize.class);
    }

    private static boolean declaresAccess(HandlerMethod handler) {
        return handler.hasMethodAnnotation(PreAuthorize.class) || handler.hasMethodAnnotation(PublicEndpoint.class)
                || AnnotatedElementUtils.hasAnnotation(handler.getBeanType(), PreAuthorize.class)
                || AnnotatedElementUtils.hasAnnotation(handler.getBeanType(), PublicEndpoint.class);
    }
}
