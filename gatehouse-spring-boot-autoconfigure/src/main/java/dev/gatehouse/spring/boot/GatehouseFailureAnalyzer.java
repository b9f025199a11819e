package dev.gatehouse.spring.boot;

import dev.gatehouse.core.error.AuthException.ConfigurationException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns a start-up refused by Gatehouse's configuration (an unknown or invalid {@code gatehouse.*}
 * key, an invalid value of a setting's {@code GATEHOUSE_*} variable, a contradicting Liquibase
 * parameter, a misconfigured entity) into Spring Boot's short failure report: what is wrong, with
 * the key and the suggestion the message carries, and how to fix it, instead of a stack trace
 * through the bean factory. Registered in {@code META-INF/spring.factories}.
 */
public final class GatehouseFailureAnalyzer
    extends AbstractFailureAnalyzer<ConfigurationException> {

  /** Created by Spring Boot from {@code META-INF/spring.factories}. */
  public GatehouseFailureAnalyzer() {}

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, ConfigurationException cause) {
    return new FailureAnalysis(
        "Gatehouse refused its configuration: " + cause.getMessage(),
        "Correct the key or value in application.properties / application.yml (or its"
            + " GATEHOUSE_* environment variable). Nothing was written to the database.",
        cause);
  }
}
