package dev.gatehouse.spring.boot.host;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A new Spring Boot host, as the README shows it: its six entity subclasses ({@link HostEntities}),
 * one changelog include ({@code db/changelog/host-changelog.xml}), a few lines of {@code
 * application.yml}, and nothing else for Gatehouse.
 */
@SpringBootApplication
public class HostApplication {
  /**
   * Runs the host (Spring's AOT processing starts an application through its main method).
   *
   * @param args Spring Boot arguments
   */
  public static void main(String[] args) {
    org.springframework.boot.SpringApplication.run(HostApplication.class, args);
  }
}
