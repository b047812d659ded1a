package io.keelwatch.recovery.ingest;

import io.keelwatch.platform.BodyReadByItsEndpoint;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Velero documents may be gzip-compressed: their endpoint bounds them before and after inflating and decodes them strictly. */
@Configuration(proxyBeanMethods = false)
class RecoveryUploads {

    @Bean
    BodyReadByItsEndpoint recoveryUpload() {
        return new BodyReadByItsEndpoint("/api/v1/clusters/{cluster}/recovery");
    }
}
