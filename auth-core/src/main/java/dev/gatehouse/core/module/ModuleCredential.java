package dev.gatehouse.core.module;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.session.CredentialCheck;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A credential a module takes in a request header (an API key in {@code X-API-Key}, say), declared
 * in its {@link ModuleManifest} ({@link ModuleManifest.Builder#credentials}), by which a request to
 * the host's own routes is authenticated as an account: the web module reads the header and asks
 * {@code SessionService#verifyModuleCredential}, which runs the module's {@link CredentialCheck}
 * through the sign-in pipeline's checks in one transaction (the host's when one is open): the check
 * (which counts a wrong credential against its limits), the account's state, the modules' sign-in
 * guards, and the second step, which fails closed: an account a sign-in would ask for a second
 * factor is refused, since a header cannot answer one. No login is recorded and no session starts;
 * a refusal is audited as a refused sign-in of the credential's method. The answer is read by the
 * one caller rule ({@link dev.gatehouse.core.token.SignedInCaller}), with the claims a bearer token
 * of the account carries (roles, the host's customizer's), so a Spring host's {@code PreAuthorize}
 * sees the account as it sees a bearer.
 *
 * <pre>{@code
 * ModuleManifest.of("api-keys")
 *     .credentials(
 *         ModuleCredential.header("X-API-Key", "api_key", ApiKeyService.class,
 *             (keys, value, client) -> keys.check(value, client)))
 *     .build();
 * }</pre>
 *
 * <p>The check's refusal is answered as it is (its code and its kind's status): a module refuses a
 * wrong credential with one code of kind {@code UNAUTHENTICATED} (a 401) whatever was wrong (its
 * shape, its row, its secret, its account), so the answer never says whether an account exists;
 * {@link CredentialCheck#inactiveAccount} answers that same refusal. The module stores the
 * credential's secret only as a (keyed) hash and compares it in constant time.
 *
 * <p>{@code Gatehouse.Builder#build()} refuses two credentials of one header (case aside), and a
 * credential whose {@code service} no {@code Gatehouse.Builder#feature} provides.
 *
 * @param header the request header, e.g. {@code X-API-Key}: an HTTP token, not one of the headers
 *     HTTP or Gatehouse already read ({@code Authorization}, {@code Cookie}, {@code Host}, …)
 * @param method the method the audit trail, events and {@code amr} name, e.g. {@code api_key}:
 *     lower-case letters, digits and {@code _}
 * @param service the feature the resolver works with, as the module registered it with {@code
 *     Gatehouse.Builder#feature}
 * @param resolver the check of one presented value
 * @param <S> the service's type
 */
public record ModuleCredential<S>(
    String header, String method, Class<S> service, Resolver<S> resolver) {
  private static final Pattern HEADER = Pattern.compile("[A-Za-z0-9][A-Za-z0-9-]{0,63}");
  private static final Pattern METHOD = Pattern.compile("[a-z][a-z0-9_]{0,31}");

  /** Headers HTTP, the browser or Gatehouse's own chain already read. */
  private static final Set<String> TAKEN =
      Set.of(
          "authorization",
          "proxy-authorization",
          "cookie",
          "host",
          "origin",
          "referer",
          "content-type",
          "content-length",
          "transfer-encoding",
          "connection",
          "upgrade",
          "forwarded",
          "x-forwarded-for",
          "x-forwarded-host",
          "x-forwarded-proto",
          "x-csrf-token",
          "x-xsrf-token",
          "dpop");

  /**
   * Checks the declaration.
   *
   * @param header the header
   * @param method the method
   * @param service the feature's type
   * @param resolver the check of one value
   * @throws IllegalArgumentException when the header is not an HTTP token or is one already read,
   *     or the method is not lower-case letters, digits and {@code _}
   */
  public ModuleCredential {
    requireNonNull(header, "header");
    requireNonNull(method, "method");
    requireNonNull(service, "service");
    requireNonNull(resolver, "resolver");
    if (!HEADER.matcher(header).matches() || TAKEN.contains(header.toLowerCase(Locale.ROOT))) {
      throw new IllegalArgumentException(
          "a module credential's header is a header of its own (letters, digits and '-'), not '"
              + header
              + "'");
    }
    if (!METHOD.matcher(method).matches()) {
      throw new IllegalArgumentException(
          "a module credential's method is lower-case letters, digits and '_', not '"
              + method
              + "'");
    }
  }

  /**
   * A credential taken in a request header.
   *
   * @param header the header, e.g. {@code X-API-Key}
   * @param method the method the audit trail names, e.g. {@code api_key}
   * @param service the feature's type
   * @param resolver the check of one value
   * @param <S> the service's type
   * @return the declaration
   * @throws IllegalArgumentException as the canonical constructor
   */
  public static <S> ModuleCredential<S> header(
      String header, String method, Class<S> service, Resolver<S> resolver) {
    return new ModuleCredential<>(header, method, service, resolver);
  }

  /**
   * Whether a request header is this credential's (header names are case-insensitive).
   *
   * @param name a header's name
   * @return whether it is {@link #header()}
   */
  public boolean reads(String name) {
    return header.equalsIgnoreCase(name);
  }

  /**
   * The check of one presented credential, built by the module from its service.
   *
   * @param <S> the service's type
   */
  @FunctionalInterface
  public interface Resolver<S> {
    /**
     * The check that proves the presented value's account, or refuses it. Called on the request's
     * thread, outside any transaction (the check runs in one); must be thread-safe.
     *
     * @param service the module's feature, as {@code Gatehouse#feature(service)} answers it
     * @param value the header's value, as the client sent it (never logged by Gatehouse)
     * @param client who is calling (its address counts against the module's network limits)
     * @return the check; its {@link CredentialCheck#method()} should be the credential's method
     */
    CredentialCheck check(S service, String value, ClientInfo client);
  }
}
