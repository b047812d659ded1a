package io.keelwatch.findings.ingest;

import io.keelwatch.platform.BodyReadByItsEndpoint;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Scan reports stream into the spool, which bounds them (after gzip too) and checks their UTF-8 as they arrive. */
@Configuration(proxyBeanMethods = false)
class ScanReportUploads {

    @Bean
    BodyReadByItsEndpoint scanReportUpload() {
        return new BodyReadByItsEndpoint("/api/v1/scans");
    }
}
