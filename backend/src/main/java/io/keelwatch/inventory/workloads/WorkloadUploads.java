package io.keelwatch.inventory.workloads;

import io.keelwatch.platform.BodyReadByItsEndpoint;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Workload documents may be gzip-compressed: their endpoint bounds them before and after inflating and decodes them strictly. */
@Configuration(proxyBeanMethods = false)
class WorkloadUploads {

    @Bean
    BodyReadByItsEndpoint workloadUpload() {
        return new BodyReadByItsEndpoint("/api/v1/clusters/{cluster}/workloads");
    }
}
