package dev.gatehouse.core.session.internal;

import com.nimbusds.jose.util.JSONObjectUtils;
import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.config.TokenSettings;
import dev.gatehouse.core.session.SessionClaims;
import dev.gatehouse.core.store.SessionStore;
import dev.gatehouse.core.store.SessionStore.SessionState;
import dev.gatehouse.core.store.StoreTransaction;
import dev.gatehouse.core.token.AccessTokenSettings;
import java.text.ParseException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The claims modules keep in sessions ({@link SessionClaims}): who registered which, their stored
 * form in the session's row (one JSON object of each module's claims under its name), and the live
 * check that decides what a token issued for an existing session carries. A session without claims
 * costs nothing here: no parse, no module asked, no write. Thread-safe.
 */
public final class ModuleClaims {
  private static final Logger LOG = LoggerFactory.getLogger(SessionClaims.class);
  private static final Pattern MODULE_NAME =
      Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,30}[a-z0-9])?");
  private static final Pattern CLAIM_NAME = Pattern.compile("[a-z][a-z0-9_]{0,63}");

  /** Claims the core writes or reads in every access token: a module's may not shadow them. */
  private static final Set<String> CORE_CLAIMS = coreClaims();

  private static Set<String> coreClaims() {
    Set<String> all = new java.util.HashSet<>(AccessTokenSettings.REGISTERED_CLAIMS);
    // Written beside the registered ones: the roles, and jb-drf-auth's token_type and user_id.
    all.addAll(Set.of("roles", "token_type", "user_id"));
    return Set.copyOf(all);
  }

  private final GatehouseConfig config;
  private final Map<String, SessionClaims> registered = new ConcurrentHashMap<>();

  /** Built by the facade's wiring. */
  public ModuleClaims(GatehouseConfig config) {
    this.config = config;
  }

  /** See {@code SignInContext#hook}. */
  public void register(SessionClaims claims) {
    String name = claims.name();
    if (name == null || !MODULE_NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "a session claims' name is 1 to 32 of a-z, 0-9 and inner '-', was " + name);
    }
    if (registered.putIfAbsent(name, claims) != null) {
      throw new IllegalStateException("session claims named " + name + " are registered already");
    }
  }

  /**
   * What an access token issued now for an existing session carries of modules' claims: each
   * module's kept claims as its live check answers them; what changed is written back in one
   * statement. A module no longer installed has its claims dropped.
   *
   * @return the claims for the access token, empty for a session that keeps none
   */
  Map<String, Object> held(StoreTransaction tx, SessionState session) {
    if (session.claims() == null) {
      return Map.of();
    }
    Map<String, Map<String, Object>> kept = read(session);
    Map<String, Map<String, Object>> now =
        kept == null ? Map.of() : checked(tx, session, kept, null);
    if (kept != null && endsSession(kept, now)) {
      // The session was started for claims its module dropped: it ends instead of living on
      // without them (the caller revokes it).
      return null;
    }
    if (!now.equals(kept)) {
      tx.sessions().setSessionClaims(session.id(), write(now));
    }
    return flat(now);
  }

  /** Whether a module whose dropping ends the session ({@link SessionClaims#endsSession}) did. */
  private boolean endsSession(
      Map<String, Map<String, Object>> kept, Map<String, Map<String, Object>> now) {
    for (String name : kept.keySet()) {
      SessionClaims module = registered.get(name);
      if (!now.containsKey(name) && module != null && module.endsSession()) {
        return true;
      }
    }
    return false;
  }

  /**
   * The stored form and the access token's claims of a session a module starts with its claims
   * ({@code ModuleSessions#startSessionFor}).
   */
  StartClaims started(SessionClaims owner, Map<String, Object> claims) {
    if (registered.get(owner.name()) != owner) {
      throw new IllegalStateException(
          "session claims named " + owner.name() + " were not registered with onSessionClaims");
    }
    Map<String, Object> valid = valid(claims);
    if (valid.isEmpty()) {
      throw new IllegalArgumentException("a session started for claims carries some");
    }
    Map<String, Map<String, Object>> now = new LinkedHashMap<>();
    now.put(owner.name(), valid);
    String text = write(now);
    if (text.length() > SessionStore.MAX_CLAIMS) {
      throw new IllegalArgumentException(
          "a session's claims are at most " + SessionStore.MAX_CLAIMS + " characters of JSON");
    }
    return new StartClaims(text, flat(now));
  }

  /** A session's claims at its start: stored text, and what its access token carries. */
  record StartClaims(String text, Map<String, Object> claims) {}

  /**
   * Sets one module's claims in a session (the others' checked live as at a refresh) and writes the
   * session's claims.
   *
   * @return the claims for the access token
   */
  Map<String, Object> switched(
      StoreTransaction tx, SessionState session, SessionClaims owner, Map<String, Object> claims) {
    if (registered.get(owner.name()) != owner) {
      throw new IllegalStateException(
          "session claims named " + owner.name() + " were not registered with onSessionClaims");
    }
    Map<String, Object> valid = valid(claims);
    Map<String, Map<String, Object>> kept = session.claims() == null ? null : read(session);
    Map<String, Map<String, Object>> now =
        checked(tx, session, kept == null ? Map.of() : kept, owner.name());
    if (kept != null && endsSession(kept, now)) {
      throw new dev.gatehouse.core.error.AuthException.NotFoundException(
          dev.gatehouse.core.error.ErrorCode.SESSION_NOT_FOUND);
    }
    for (Map<String, Object> other : now.values()) {
      for (String name : valid.keySet()) {
        if (other.containsKey(name)) {
          throw new IllegalArgumentException(
              "claim " + name + " is another module's in this session");
        }
      }
    }
    if (!valid.isEmpty()) {
      now.put(owner.name(), valid);
    }
    String text = write(now);
    if (text != null && text.length() > SessionStore.MAX_CLAIMS) {
      throw new IllegalArgumentException(
          "a session's claims are at most " + SessionStore.MAX_CLAIMS + " characters of JSON");
    }
    tx.sessions().setSessionClaims(session.id(), text);
    return flat(now);
  }

  /** Each module's kept claims as its live check answers them, without {@code skip}'s. */
  private Map<String, Map<String, Object>> checked(
      StoreTransaction tx,
      SessionState session,
      Map<String, Map<String, Object>> kept,
      String skip) {
    Map<String, Map<String, Object>> now = new LinkedHashMap<>();
    kept.forEach(
        (name, claims) -> {
          SessionClaims module = registered.get(name);
          if (module == null || name.equals(skip)) {
            return;
          }
          Map<String, Object> answered = module.atRefresh(tx, session.userPublicId(), claims);
          Map<String, Object> valid = valid(answered == null ? Map.of() : answered);
          if (!valid.isEmpty()) {
            now.put(name, valid);
          }
        });
    return now;
  }

  /**
   * Who acts in the session for its owner: the {@code sub} of RFC 8693's {@code act} claim a module
   * keeps in it (an impersonation), or {@code null}. Read from the session's row as listed: no
   * statement of its own.
   */
  static @Nullable String actor(SessionState session) {
    if (session.claims() == null) {
      return null;
    }
    try {
      for (Object kept : JSONObjectUtils.parse(session.claims()).values()) {
        if (kept instanceof Map<?, ?> claims
            && claims.get("act") instanceof Map<?, ?> act
            && act.get("sub") instanceof String sub) {
          return sub;
        }
      }
    } catch (ParseException unreadable) {
      // As for the claims themselves: text the core cannot read names no one.
      return null;
    }
    return null;
  }

  /** The session's kept claims, or {@code null} when its text cannot be read. */
  private Map<String, Map<String, Object>> read(SessionState session) {
    Map<String, Map<String, Object>> kept = new LinkedHashMap<>();
    try {
      for (Map.Entry<String, Object> e : JSONObjectUtils.parse(session.claims()).entrySet()) {
        if (e.getValue() instanceof Map<?, ?> claims) {
          Map<String, Object> copy = new LinkedHashMap<>();
          claims.forEach((k, v) -> copy.put(String.valueOf(k), v));
          kept.put(e.getKey(), valid(copy));
        }
      }
    } catch (ParseException | IllegalArgumentException e) {
      // Only the core writes the column: text it cannot read grants nothing and is dropped.
      LOG.warn("session {}: its module claims are unreadable and are dropped", session.id());
      return null;
    }
    return kept;
  }

  private static String write(Map<String, Map<String, Object>> claims) {
    return claims.isEmpty() ? null : JSONObjectUtils.toJSONString(new LinkedHashMap<>(claims));
  }

  private static Map<String, Object> flat(Map<String, Map<String, Object>> claims) {
    if (claims.isEmpty()) {
      return Map.of();
    }
    Map<String, Object> flat = new LinkedHashMap<>();
    claims.values().forEach(flat::putAll);
    return flat;
  }

  /** The claims with checked names and values, integral numbers as longs. */
  private Map<String, Object> valid(Map<String, Object> claims) {
    Map<String, Object> copy = new LinkedHashMap<>();
    String profileClaim = config.get(TokenSettings.PROFILE_CLAIM);
    for (Map.Entry<String, Object> e : claims.entrySet()) {
      String name = e.getKey();
      if (name == null
          || !CLAIM_NAME.matcher(name).matches()
          || CORE_CLAIMS.contains(name)
          || name.equals(profileClaim)) {
        throw new IllegalArgumentException(
            "a module's claim is 1 to 64 of a-z, 0-9 and '_' and none of the core's, was " + name);
      }
      copy.put(name, value(name, e.getValue()));
    }
    return copy;
  }

  private static Object value(String name, Object value) {
    if (value instanceof String || value instanceof Boolean || value instanceof Long) {
      return value;
    }
    if (value instanceof Integer || value instanceof Short) {
      return ((Number) value).longValue();
    }
    if (value instanceof Collection<?> list && list.stream().allMatch(String.class::isInstance)) {
      return List.copyOf(list);
    }
    if (value instanceof Map<?, ?> map
        && map.entrySet().stream()
            .allMatch(e -> e.getKey() instanceof String && e.getValue() instanceof String)) {
      // A flat object of strings, such as RFC 8693's act: {"sub": "..."}.
      return Map.copyOf(map);
    }
    throw new IllegalArgumentException(
        "claim "
            + name
            + " is a string, boolean, integral number, list of strings or object of strings");
  }
}
