package dev.gatehouse.spring.pages;

import java.util.UUID;

/**
 * A page controller of an optional module ({@code auth-organizations}, {@code auth-admin}): served
 * only when its module is on the class path, and given what every page needs by {@link PageModel}.
 */
interface ModulePage {
  /** {@return the id a form or a path gives, or {@code null} when it is no id} */
  static UUID idOrNull(String id) {
    try {
      return UUID.fromString(id.strip());
    } catch (IllegalArgumentException notAnId) {
      return null;
    }
  }
}
