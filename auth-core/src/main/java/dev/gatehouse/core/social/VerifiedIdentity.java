package dev.gatehouse.core.social;

import static java.util.Objects.requireNonNull;

import org.jspecify.annotations.Nullable;

/**
 * Who a provider says the user is, after the provider's answer was verified (id_token signature,
 * issuer, audience, expiry and nonce; or the Graph API's token inspection). The one input of the
 * account rules in {@link SocialService}: a host that verifies a provider itself may build one.
 *
 * @param provider the provider's short name, such as {@code google} (1 to 32 characters)
 * @param subject the provider's stable user id ({@code sub})
 * @param email the email the provider gave, or {@code null}
 * @param emailVerified whether the provider asserts that the email is verified
 * @param displayName the user's name, or {@code null} (Apple sends it at the first sign-in only)
 * @param pictureUrl a picture URL, or {@code null}
 * @param accessToken the provider's access token, kept only when the host asks, or {@code null}
 * @param refreshToken the provider's refresh token, kept only when the host asks, or {@code null}
 */
public record VerifiedIdentity(
    String provider,
    String subject,
    @Nullable String email,
    boolean emailVerified,
    @Nullable String displayName,
    @Nullable String pictureUrl,
    @Nullable String accessToken,
    @Nullable String refreshToken) {

  /**
   * Checks the required parts.
   *
   * @param provider see the record description
   * @param subject see the record description
   * @param email see the record description
   * @param emailVerified see the record description
   * @param displayName see the record description
   * @param pictureUrl see the record description
   * @param accessToken see the record description
   * @param refreshToken see the record description
   */
  public VerifiedIdentity {
    requireNonNull(provider, "provider");
    requireNonNull(subject, "subject");
    if (provider.isBlank() || provider.length() > 32) {
      throw new IllegalArgumentException("provider must be 1 to 32 characters");
    }
    if (subject.isBlank() || subject.length() > 255) {
      throw new IllegalArgumentException("subject must be 1 to 255 characters");
    }
    if (email == null) {
      emailVerified = false;
    }
  }

  /**
   * An identity without provider tokens.
   *
   * @param provider the provider's short name
   * @param subject the provider's user id
   * @param email the email, or {@code null}
   * @param emailVerified whether the provider verified it
   * @param displayName the name, or {@code null}
   * @param pictureUrl the picture URL, or {@code null}
   */
  public VerifiedIdentity(
      String provider,
      String subject,
      @Nullable String email,
      boolean emailVerified,
      @Nullable String displayName,
      @Nullable String pictureUrl) {
    this(provider, subject, email, emailVerified, displayName, pictureUrl, null, null);
  }

  /**
   * @param name the name to use (for example Apple's, from the first callback's {@code user} field)
   * @return this identity with that display name
   */
  public VerifiedIdentity withDisplayName(String name) {
    return new VerifiedIdentity(
        provider, subject, email, emailVerified, name, pictureUrl, accessToken, refreshToken);
  }

  @Override
  public String toString() {
    return "VerifiedIdentity[provider=" + provider + ", emailVerified=" + emailVerified + "]";
  }
}
