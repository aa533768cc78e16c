package dev.jqueue.chaos;

import javax.sql.DataSource;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * A worker node for the chaos suite: a bare Spring Boot application with jqueue and the chaos
 * tasks, started by {@link ChaosNode} as a child JVM with {@code jqueue --mode=async|fork}.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class ChaosNodeApplication {

    @Bean
    ChaosTasks chaosTasks(DataSource dataSource) {
        return new ChaosTasks(dataSource);
    }

    public static void main(String[] args) {
        SpringApplication.run(ChaosNodeApplication.class, args);
    }
}
