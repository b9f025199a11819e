package dev.gatehouse.core.config;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * Collects the {@link Setting} constants the settings classes declare, so a new constant is known
 * by key without being listed twice.
 */
final class SettingFields {
  private SettingFields() {}

  /**
   * The static {@code Setting} fields of the {@code owners}, then of the {@code modules}' classes,
   * by key, in their order and each's declaration order. Called from {@link GatehouseConfig}'s
   * static initialiser after its own constants, so they are already set; reading another class's
   * field initialises that class.
   */
  static Map<String, Setting<?>> collect(List<ModuleSettings> modules, Class<?>... owners) {
    Map<String, Setting<?>> all = new LinkedHashMap<>();
    for (Class<?> owner : owners) {
      collect(owner, all);
    }
    for (ModuleSettings module : modules) {
      collect(module.getClass(), all);
    }
    return Collections.unmodifiableMap(all);
  }

  /** The feature modules' settings classes on this class's class path, in a stable order. */
  static List<ModuleSettings> modules() {
    List<ModuleSettings> found = new ArrayList<>();
    ServiceLoader.load(ModuleSettings.class, SettingFields.class.getClassLoader())
        .forEach(found::add);
    found.sort(Comparator.comparing(m -> m.getClass().getName()));
    return List.copyOf(found);
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
