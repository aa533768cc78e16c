package dev.jqueue.examples;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * An ordinary Spring Boot application that uses jqueue: mail and report tasks, and orders of
 * customers kept as JPA entities ({@code orders} package) whose confirmation jobs are enqueued in
 * the same transactions.
 *
 * <pre>
 * java -jar jqueue-examples.jar enqueue 20        # enqueue 20 welcome mails and a report, then exit
 * java -jar jqueue-examples.jar jqueue --mode=async  # run workers and a dispatcher until SIGTERM
 * </pre>
 */
@SpringBootApplication
public class ExampleApplication {

    public static void main(String[] args) {
        SpringApplication.run(ExampleApplication.class, args);
    }
}
