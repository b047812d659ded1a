package io.keelwatch.platform;

import java.util.List;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

@Configuration(proxyBeanMethods = false)
class LayoutModelConfiguration implements WebMvcConfigurer {

    private final List<LayoutModel> layout;

    LayoutModelConfiguration(List<LayoutModel> layout) {
        this.layout = layout;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new LayoutModelInterceptor(layout));
    }
}
