package dev.gatehouse.core.social;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A linked identity as its owner sees it.
 *
 * @param provider the provider's short name
 * @param email the email the provider gave, or {@code null}
 * @param emailVerified whether the provider asserted it as verified
 * @param displayName the name, or {@code null}
 * @param pictureUrl the picture URL, or {@code null}
 * @param linkedAt when it was linked
 * @param lastUsedAt when it last signed in, or {@code null}
 */
public record SocialAccountView(
    String provider,
    @Nullable String email,
    boolean emailVerified,
    @Nullable String displayName,
    @Nullable String pictureUrl,
    Instant linkedAt,
    @Nullable Instant lastUsedAt) {
  @Override
  public String toString() {
    return "SocialAccountView[provider=" + provider + "]";
  }
}
