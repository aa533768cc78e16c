package dev.jqueue.command;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;

/** A bare Spring Boot application with jqueue, started as a child JVM by {@link CommandProcessTest}. */
@SpringBootConfiguration
@EnableAutoConfiguration
public class CommandTestApplication {

    public static void main(String[] args) {
        SpringApplication.run(CommandTestApplication.class, args);
    }
}
