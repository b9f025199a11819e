package dev.gatehouse.core.session;

import dev.gatehouse.core.store.Person;
import org.jspecify.annotations.Nullable;

/**
 * What a caller sends to create or change a profile. On update, a {@code null} component leaves the
 * field as it is; on create, a {@code null} role means the configured default role.
 *
 * <pre>{@code
 * gatehouse.profiles().create(me, ProfileInput.ofRole("provider").withLabel("My shop"));
 * gatehouse.profiles().update(me, id, ProfileInput.asDefault());
 * }</pre>
 *
 * @param role one of {@code gatehouse.profile.roles}, or {@code null}
 * @param label a human label of at most 100 characters (empty clears it), or {@code null}
 * @param settingsJson a JSON object of at most 4000 characters, or {@code null}
 * @param active whether the profile can be used, or {@code null}
 * @param makeDefault whether to make it the owner's default ({@code false} never unsets a default:
 *     make another profile the default instead)
 * @param person the person fields, replacing all of them, or {@code null} to leave them as they are
 */
public record ProfileInput(
    @Nullable String role,
    @Nullable String label,
    @Nullable String settingsJson,
    @Nullable Boolean active,
    boolean makeDefault,
    @Nullable Person person) {

  /**
   * Input without person fields (they stay as they are).
   *
   * @param role one of {@code gatehouse.profile.roles}, or {@code null}
   * @param label a human label, or {@code null}
   * @param settingsJson a JSON object, or {@code null}
   * @param active whether the profile can be used, or {@code null}
   * @param makeDefault whether to make it the owner's default
   */
  public ProfileInput(
      @Nullable String role,
      @Nullable String label,
      @Nullable String settingsJson,
      @Nullable Boolean active,
      boolean makeDefault) {
    this(role, label, settingsJson, active, makeDefault, null);
  }

  /**
   * @param role the role
   * @return input setting only the role
   */
  public static ProfileInput ofRole(String role) {
    return new ProfileInput(role, null, null, null, false);
  }

  /** {@return input that only makes the profile the default, changing nothing else} */
  public static ProfileInput asDefault() {
    return new ProfileInput(null, null, null, null, true);
  }

  /**
   * @param label the label
   * @return a copy with the label
   */
  public ProfileInput withLabel(String label) {
    return new ProfileInput(role, label, settingsJson, active, makeDefault, person);
  }

  /**
   * @param settingsJson a JSON object
   * @return a copy with the settings
   */
  public ProfileInput withSettings(String settingsJson) {
    return new ProfileInput(role, label, settingsJson, active, makeDefault, person);
  }

  /**
   * @param active whether the profile can be used
   * @return a copy with the flag
   */
  public ProfileInput withActive(boolean active) {
    return new ProfileInput(role, label, settingsJson, active, makeDefault, person);
  }

  /**
   * @param makeDefault whether to make it the default
   * @return a copy with the flag
   */
  public ProfileInput withMakeDefault(boolean makeDefault) {
    return new ProfileInput(role, label, settingsJson, active, makeDefault, person);
  }

  /**
   * @param person the person fields (all of them), or {@code null} to leave them as they are
   * @return a copy with the person
   */
  public ProfileInput withPerson(@Nullable Person person) {
    return new ProfileInput(role, label, settingsJson, active, makeDefault, person);
  }
}
