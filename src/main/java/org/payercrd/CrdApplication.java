package org.payercrd;

import java.util.Arrays;
import org.payercrd.lifecycle.PolicyCheck;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class CrdApplication {

    /** Runs the service; {@code check <folder>...} instead checks policy folders and exits (see {@link PolicyCheck}). */
    public static void main(String[] args) {
        if (args.length > 0 && PolicyCheck.COMMAND.equals(args[0])) {
            System.exit(PolicyCheck.run(Arrays.asList(args).subList(1, args.length), System.out));
        }
        SpringApplication.run(CrdApplication.class, args);
    }
}
