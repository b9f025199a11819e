package dev.gatehouse.core.config;

import java.util.Collection;
import org.jspecify.annotations.Nullable;

/**
 * Suggests the setting a mistyped {@code GATEHOUSE_*} variable or {@code gatehouse.*} key probably
 * meant ({@code GATEHOUSE_OTP_TTLL} → {@code GATEHOUSE_OTP_TTL}). Stateless.
 */
final class VariableTypos {
  private VariableTypos() {}

  /**
   * The environment variable of the setting nearest to {@code name}, if it is a likely typo.
   *
   * @return the variable, or {@code null} when none is close enough
   */
  static @Nullable String nearest(String name, Collection<Setting<?>> settings) {
    return nearestOf(name, settings.stream().map(Setting::environmentVariable).toList());
  }

  /**
   * The key among {@code keys} nearest to a mistyped {@code gatehouse.*} property key ({@code
   * gatehouse.otp.ttll} → {@code gatehouse.otp.ttl}), if it is a likely typo.
   *
   * @return the key, or {@code null} when none is close enough
   */
  static @Nullable String nearestKey(String key, Collection<String> keys) {
    return nearestOf(key, keys);
  }

  private static String nearestOf(String name, Collection<String> candidates) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : candidates) {
      int d = editDistance(name, candidate);
      if (d < bestDistance) {
        bestDistance = d;
        best = candidate;
      }
    }
    return bestDistance <= Math.max(2, name.length() / 6) ? best : null;
  }

  /** Levenshtein distance (insertions, deletions, substitutions) from {@code a} to {@code b}. */
  private static int editDistance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
