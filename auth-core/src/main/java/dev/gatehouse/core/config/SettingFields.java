package dev.gatehouse.core.config;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Collects the {@link Setting} constants a class declares, so a new constant of {@link
 * GatehouseConfig} is known by key without being listed twice.
 */
final class SettingFields {
  private SettingFields() {}

  /**
   * The static {@code Setting} fields of {@code owner}, by key, in declaration order. Called from
   * {@code owner}'s own static initialiser after its constants, so they are already set.
   */
  static Map<String, Setting<?>> collect(Class<?> owner) {
    Map<String, Setting<?>> all = new LinkedHashMap<>();
    for (Field f : owner.getDeclaredFields()) {
      if (Modifier.isStatic(f.getModifiers()) && f.getType() == Setting.class) {
        try {
          Setting<?> s = (Setting<?>) f.get(null);
          all.put(s.key(), s);
        } catch (IllegalAccessException e) {
          throw new IllegalStateException(e);
        }
      }
    }
    return Collections.unmodifiableMap(all);
  }
}
