package dev.gatehouse.core.config;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Collects the {@link Setting} constants the settings classes declare, so a new constant is known
 * by key without being listed twice.
 */
final class SettingFields {
  private SettingFields() {}

  /**
   * The static {@code Setting} fields of the {@code owners}, by key, in their order and each's
   * declaration order. Called from {@link GatehouseConfig}'s static initialiser after its own
   * constants, so they are already set; reading another class's field initialises that class.
   */
  static Map<String, Setting<?>> collect(Class<?>... owners) {
    Map<String, Setting<?>> all = new LinkedHashMap<>();
    for (Class<?> owner : owners) {
      collect(owner, all);
    }
    return Collections.unmodifiableMap(all);
  }

  private static void collect(Class<?> owner, Map<String, Setting<?>> all) {
    for (Field f : owner.getDeclaredFields()) {
      if (Modifier.isStatic(f.getModifiers()) && f.getType() == Setting.class) {
        Setting<?> s;
        try {
          s = (Setting<?>) f.get(null);
        } catch (IllegalAccessException e) {
          throw new IllegalStateException(e);
        }
        if (all.put(s.key(), s) != null) {
          throw new IllegalStateException("two settings have the key " + s.key());
        }
      }
    }
  }
}
