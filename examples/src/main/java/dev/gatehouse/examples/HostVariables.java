package dev.gatehouse.examples;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * The example's own {@code GATEHOUSE_*} environment variables ({@link #PREFIXES}: its database,
 * providers and legacy database, which {@code application.yml} and the beans read), moved out of
 * the system environment into a property source of their own, so that the starter, which refuses
 * every other unknown {@code GATEHOUSE_*} variable as a typo, does not refuse them. Placeholders
 * such as {@code ${GATEHOUSE_DB_URL}} still resolve.
 *
 * <p>A stop-gap: the starter has no way yet for a host to declare its own variables (the core's
 * {@code GatehouseConfig.fromEnvironment(env, hostVariables)} has one).
 */
final class HostVariables implements ApplicationContextInitializer<ConfigurableApplicationContext> {
  /** The variables (prefixes) the example reads itself. */
  static final List<String> PREFIXES =
      List.of("GATEHOUSE_DB_", "GATEHOUSE_SMTP_", "GATEHOUSE_TWILIO_", "GATEHOUSE_LEGACY_");

  /** The name of the property source holding them. */
  static final String SOURCE = "gatehouseExampleHostVariables";

  @Override
  public void initialize(ConfigurableApplicationContext context) {
    MutablePropertySources sources = context.getEnvironment().getPropertySources();
    String name = StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME;
    PropertySource<?> source = sources.get(name);
    if (!(source instanceof SystemEnvironmentPropertySource environment)) {
      return;
    }
    Map<String, Object> kept = new LinkedHashMap<>();
    Map<String, Object> host = new LinkedHashMap<>();
    for (String variable : environment.getPropertyNames()) {
      boolean own = PREFIXES.stream().anyMatch(variable::startsWith);
      (own ? host : kept).put(variable, environment.getProperty(variable));
    }
    if (!host.isEmpty()) {
      sources.replace(name, new SystemEnvironmentPropertySource(name, kept));
      sources.addAfter(name, new MapPropertySource(SOURCE, host));
    }
  }
}
