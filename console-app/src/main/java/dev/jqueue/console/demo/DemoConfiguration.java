package dev.jqueue.console.demo;

import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.scheduling.annotation.EnableScheduling;

/** The {@code demo} profile's moving parts: sample tasks and a producer that keeps them coming. */
@Configuration
@Profile("demo")
@EnableScheduling
class DemoConfiguration {
}
