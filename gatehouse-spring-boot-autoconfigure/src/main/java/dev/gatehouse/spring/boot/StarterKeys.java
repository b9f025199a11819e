package dev.gatehouse.spring.boot;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.json.JsonParserFactory;

/**
 * The {@code gatehouse.*} keys that the starter's {@code @ConfigurationProperties} classes bind
 * ({@code GatehouseProperties}, the web module's {@code GatehouseHttpProperties}, the pages' {@code
 * GatehousePagesProperties}, ...), as Spring Boot's configuration processor wrote them from those
 * classes at build time into each module's {@code META-INF/spring-configuration-metadata.json} (the
 * metadata IDEs complete from). A key is taken when its source type is one of the metadata's
 * groups, which the processor writes for {@code @ConfigurationProperties} classes and their nested
 * parts; the settings of {@code GatehouseConfig}, also described there for the IDE, have their own
 * settings class as source type and come from {@code GatehouseConfig.settings()} instead, so that a
 * feature module's settings are known only while the module is on the class path. Immutable.
 */
final class StarterKeys {
  /** Where Spring Boot's configuration processor writes the metadata of a jar's properties. */
  static final String METADATA = "META-INF/spring-configuration-metadata.json";

  /**
   * The starter's modules that bind keys of their own, by the namespace of those keys: named when
   * one of their keys is set without them (see {@code GatehouseConfig.unknownKey}).
   */
  static final Map<String, String> MODULES =
      Map.of(
          "gatehouse.http.", "gatehouse-spring-boot-web",
          "gatehouse.pages.", "gatehouse-spring-boot-pages",
          "gatehouse.openid-provider.", "gatehouse-spring-boot-authorization-server");

  private static final String ROOT = "gatehouse.";

  /** Each key and whether it holds a list or map (whose entries are keys below it). */
  private final Map<String, Boolean> keys;

  private StarterKeys(Map<String, Boolean> keys) {
    this.keys = Collections.unmodifiableMap(keys);
  }

  /**
   * @param classLoader where the modules' metadata is looked up
   * @return the keys of the properties classes on that class path
   */
  static StarterKeys on(ClassLoader classLoader) {
    Map<String, Boolean> keys = new TreeMap<>();
    try {
      Enumeration<URL> files = classLoader.getResources(METADATA);
      while (files.hasMoreElements()) {
        String json;
        try (InputStream in = files.nextElement().openStream()) {
          json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        // Most jars' metadata (Spring Boot's own) describes none of ours: not worth parsing.
        if (json.contains('"' + ROOT)) {
          read(JsonParserFactory.getJsonParser().parseMap(json), keys);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + METADATA, e);
    }
    return new StarterKeys(keys);
  }

  private static void read(Map<String, Object> metadata, Map<String, Boolean> keys) {
    Set<Object> groupTypes = new HashSet<>();
    for (Map<?, ?> group : entries(metadata, "groups")) {
      groupTypes.add(group.get("type"));
    }
    for (Map<?, ?> property : entries(metadata, "properties")) {
      if (property.get("name") instanceof String name
          && name.startsWith(ROOT)
          && groupTypes.contains(property.get("sourceType"))) {
        String type = String.valueOf(property.get("type"));
        keys.put(
            name,
            type.startsWith("java.util.List")
                || type.startsWith("java.util.Set")
                || type.startsWith("java.util.Map")
                || type.endsWith("[]"));
      }
    }
  }

  private static List<Map<?, ?>> entries(Map<String, Object> metadata, String field) {
    return metadata.get(field) instanceof List<?> list
        ? list.stream().filter(Map.class::isInstance).<Map<?, ?>>map(Map.class::cast).toList()
        : List.of();
  }

  /** {@return the keys, in key order} */
  Set<String> keys() {
    return keys.keySet();
  }

  /**
   * {@return whether {@code name} is one of the keys, or an entry of one that holds a list or map
   * ({@code gatehouse.http.public-paths[0]})} Relaxed: {@code gatehouse.http.openHealth} is {@code
   * gatehouse.http.open-health}.
   */
  boolean binds(ConfigurationPropertyName name) {
    for (Map.Entry<String, Boolean> k : keys.entrySet()) {
      ConfigurationPropertyName key = ConfigurationPropertyName.of(k.getKey());
      if (key.equals(name) || (k.getValue() && key.isAncestorOf(name))) {
        return true;
      }
    }
    return false;
  }

  /**
   * {@return the environment variables of the keys, in name order: {@code
   * gatehouse.cleanup.interval} as {@code GATEHOUSE_CLEANUP_INTERVAL}, a dashed part with or
   * without its underscore ({@code GATEHOUSE_HTTP_OPEN_HEALTH}, {@code GATEHOUSE_HTTP_OPENHEALTH}),
   * and a list's or map's as a prefix ending in {@code _} for its entries}
   */
  Set<String> variables() {
    Set<String> variables = new TreeSet<>();
    for (Map.Entry<String, Boolean> k : keys.entrySet()) {
      String upper = k.getKey().toUpperCase(Locale.ROOT).replace('.', '_');
      for (String v : List.of(upper.replace('-', '_'), upper.replace("-", ""))) {
        variables.add(v);
        if (k.getValue()) {
          variables.add(v + "_");
        }
      }
    }
    return variables;
  }
}
