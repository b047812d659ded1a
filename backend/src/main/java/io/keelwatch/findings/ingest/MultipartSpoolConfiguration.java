package io.keelwatch.findings.ingest;

import jakarta.servlet.MultipartConfigElement;
import org.springframework.boot.servlet.MultipartConfigFactory;
import org.springframework.boot.servlet.autoconfigure.MultipartProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Multipart uploads (the upload page, {@code curl -F file=@report.json}) hold whole reports too: the
 * servlet container writes their parts where the spool files go ({@link SpoolDirectory}), not into a
 * temporary folder of its own that a crash would leave behind. Sizes stay as
 * {@code spring.servlet.multipart.*} sets them.
 */
@Configuration(proxyBeanMethods = false)
class MultipartSpoolConfiguration {

    @Bean
    MultipartConfigElement multipartConfigElement(MultipartProperties multipart, SpoolDirectory spool) {
        MultipartConfigFactory factory = new MultipartConfigFactory();
        factory.setLocation(spool.path().toString());
        factory.setMaxFileSize(multipart.getMaxFileSize());
        factory.setMaxRequestSize(multipart.getMaxRequestSize());
        factory.setFileSizeThreshold(multipart.getFileSizeThreshold());
        return factory.createMultipartConfig();
    }
}
