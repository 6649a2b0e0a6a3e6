package org.payercrd;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class CrdApplication {

    public static void main(String[] args) {
        SpringApplication.run(CrdApplication.class, args);
    }
}
