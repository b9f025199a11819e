package dev.gatehouse.core.account;

import dev.gatehouse.core.store.ProfileStore.Person;
import org.jspecify.annotations.Nullable;

/**
 * What a sign-up form sends to {@link AccountService#register}. Values are taken as received; the
 * service validates and normalises them. Immutable; {@link #toString()} never shows the password.
 *
 * <pre>{@code
 * accounts.register(RegistrationRequest.builder()
 *     .email("alice@example.com").password(form.password()).termsAccepted(true).build());
 * }</pre>
 *
 * @param email the email address, or {@code null} for a phone sign-up
 * @param phone the phone number for a phone sign-up (no email), or {@code null}
 * @param username the username: required when the login identifier is {@code username}, optional
 *     otherwise; or {@code null}
 * @param password the password (required)
 * @param termsAccepted whether the user accepted the terms and conditions
 * @param language a BCP 47 language tag such as {@code es-MX}, or {@code null}
 * @param timeZone an IANA time-zone id such as {@code America/Mexico_City}, or {@code null}
 * @param person the person of the account's default profile (names, birthday, gender), or {@code
 *     null} for none
 */
public record RegistrationRequest(
    @Nullable String email,
    @Nullable String phone,
    @Nullable String username,
    String password,
    boolean termsAccepted,
    @Nullable String language,
    @Nullable String timeZone,
    @Nullable Person person) {

  /**
   * A request without person fields.
   *
   * @param email the email address, or {@code null}
   * @param phone the phone number, or {@code null}
   * @param username the username, or {@code null}
   * @param password the password
   * @param termsAccepted whether the terms were accepted
   * @param language a BCP 47 language tag, or {@code null}
   * @param timeZone an IANA time-zone id, or {@code null}
   */
  public RegistrationRequest(
      @Nullable String email,
      @Nullable String phone,
      @Nullable String username,
      String password,
      boolean termsAccepted,
      @Nullable String language,
      @Nullable String timeZone) {
    this(email, phone, username, password, termsAccepted, language, timeZone, null);
  }

  /** {@return a builder with every field unset} */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String toString() {
    return "RegistrationRequest[termsAccepted=" + termsAccepted + "]";
  }

  /** Collects a request's fields. Not thread-safe. */
  public static final class Builder {
    private String email;
    private String phone;
    private String username;
    private String password;
    private boolean termsAccepted;
    private String language;
    private String timeZone;
    private Person person;

    private Builder() {}

    /**
     * @param email the email address, or {@code null}
     * @return this builder
     */
    public Builder email(@Nullable String email) {
      this.email = email;
      return this;
    }

    /**
     * @param phone the phone number, or {@code null}
     * @return this builder
     */
    public Builder phone(@Nullable String phone) {
      this.phone = phone;
      return this;
    }

    /**
     * @param username the username, or {@code null}
     * @return this builder
     */
    public Builder username(@Nullable String username) {
      this.username = username;
      return this;
    }

    /**
     * @param password the password
     * @return this builder
     */
    public Builder password(String password) {
      this.password = password;
      return this;
    }

    /**
     * @param accepted whether the terms were accepted
     * @return this builder
     */
    public Builder termsAccepted(boolean accepted) {
      this.termsAccepted = accepted;
      return this;
    }

    /**
     * @param language a BCP 47 tag, or {@code null}
     * @return this builder
     */
    public Builder language(@Nullable String language) {
      this.language = language;
      return this;
    }

    /**
     * @param timeZone an IANA zone id, or {@code null}
     * @return this builder
     */
    public Builder timeZone(@Nullable String timeZone) {
      this.timeZone = timeZone;
      return this;
    }

    /**
     * @param person the person of the default profile, or {@code null}
     * @return this builder
     */
    public Builder person(@Nullable Person person) {
      this.person = person;
      return this;
    }

    /**
     * {@return a new request with the fields set so far; unset fields are {@code null} (or {@code
     * false})}
     */
    public RegistrationRequest build() {
      return new RegistrationRequest(
          email, phone, username, password, termsAccepted, language, timeZone, person);
    }
  }
}
