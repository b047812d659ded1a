package io.keelwatch;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class KeelwatchApplication {

    public static void main(String[] args) {
        SpringApplication.run(KeelwatchApplication.class, args);
    }
}
