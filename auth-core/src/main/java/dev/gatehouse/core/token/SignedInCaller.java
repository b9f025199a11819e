package dev.gatehouse.core.token;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.token.AccessTokenVerifier.VerifiedAccessToken;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Who the caller is: the one reading of a verified access token that every surface uses (the HTTP
 * contract's routes, the pages, the OpenID provider, the modules' routes, the host's own routes),
 * so that no surface reads {@code act}, {@code auth_time} or {@code amr} its own way.
 *
 * <pre>{@code
 * SignedInCaller caller = SignedInCaller.of(gatehouse.sessions().verifyLiveAccessToken(bearer));
 * if (caller.acting()) {
 *   // staff acting for the user (auth-admin's impersonation): reads only, and nothing outside
 *   // Gatehouse
 * }
 * Optional<Instant> signedIn = caller.signedInAt(); // empty when unknown: never invented
 * }</pre>
 *
 * <ul>
 *   <li>{@link #acting()}: someone acts for the user, whenever the token carries RFC 8693's {@code
 *       act} (whatever its shape: a token that names an actor the rule cannot read still acts);
 *       {@link #actor()} is that someone's public id when {@code act.sub} is one.
 *   <li>{@link #signedInAt()}: when the user proved who they are for this session ({@code
 *       auth_time}); empty for a session in which no sign-in happened (an impersonation, a session
 *       a module started) or whose sign-in time is unknown (a legacy system's session carried over
 *       without it). Never the token's issue time in its place.
 *   <li>{@link #methods()}: how the user signed in ({@code amr}), as the session keeps it.
 * </ul>
 *
 * <p>Immutable and thread-safe; {@link #toString()} names the user and session only.
 */
public final class SignedInCaller {
  private final VerifiedAccessToken token;
  private final boolean acting;
  private final Optional<UUID> actor;

  private SignedInCaller(VerifiedAccessToken token) {
    this.token = token;
    Object act = token.claims().get("act");
    this.acting = act != null;
    this.actor = act instanceof Map<?, ?> named ? publicId(named.get("sub")) : Optional.empty();
  }

  /**
   * Reads the caller of a verified access token (Gatehouse's own, or a legacy bearer carried over
   * in its window, {@link CarriedOverAccessToken}).
   *
   * @param token the verified token
   * @return the caller
   * @throws NullPointerException when {@code token} is null
   */
  public static SignedInCaller of(VerifiedAccessToken token) {
    return new SignedInCaller(requireNonNull(token, "token"));
  }

  private static Optional<UUID> publicId(Object sub) {
    if (!(sub instanceof String s) || s.length() != 36) {
      return Optional.empty();
    }
    try {
      return Optional.of(UUID.fromString(s));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** {@return the user's public id ({@code sub}). Never null} */
  public UUID user() {
    return token.userPublicId();
  }

  /** {@return the Gatehouse session ({@code sid}). Never null} */
  public String sessionId() {
    return token.sessionId();
  }

  /** {@return the active profile (the configured profile claim), or empty} */
  public Optional<String> profileId() {
    return token.profileId();
  }

  /** {@return whether someone acts for the user in this session (the token carries {@code act})} */
  public boolean acting() {
    return acting;
  }

  /**
   * {@return the public id of the account acting for the user ({@code act.sub}), or empty when no
   * one acts, or when {@code act} names no account}
   */
  public Optional<UUID> actor() {
    return actor;
  }

  /**
   * {@return when the user signed in to this session ({@code auth_time}), or empty when no sign-in
   * happened in it or its time is unknown}
   */
  public Optional<Instant> signedInAt() {
    return token.authTime();
  }

  /** {@return how the user signed in ({@code amr}); empty when unknown. Unmodifiable} */
  public List<String> methods() {
    return token.amr();
  }

  /** {@return the verified token the caller was read from} */
  public VerifiedAccessToken token() {
    return token;
  }

  @Override
  public String toString() {
    return "SignedInCaller[user=" + user() + ", acting=" + acting + "]";
  }
}
