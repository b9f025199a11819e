package dev.gatehouse.magiclink;

import dev.gatehouse.core.error.AuthException.RateLimitedException;
import dev.gatehouse.core.error.AuthException.RejectedInputException;
import dev.gatehouse.core.secret.SecretHasher;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.session.SignInResult;
import org.jspecify.annotations.Nullable;

/**
 * Sign-in by emailed link. Obtained from {@code gatehouse.feature(MagicLinkService.class)} once the
 * module ({@link MagicLinks}) is installed; thread-safe. Off unless {@code
 * gatehouse.magic-link.enabled} is set.
 *
 * <pre>{@code
 * // A page asks: the browser keeps a binding in a cookie, so only it can use the link.
 * String binding = MagicLinkService.newBrowserBinding();
 * links.requestLink(email, binding, client);
 * // The emailed link opens the page, which presents the token and the cookie's binding.
 * SignInResult result = links.signInWithLink(token, binding, client);
 * // Opened on another device: the email's code signs in where the link was asked for.
 * SignInResult same = links.signInWithCode(email, code, client);
 * }</pre>
 *
 * <h2>How it works</h2>
 *
 * A request answers the same for every address, in the same time as a password-reset request: it
 * records one deferred request and returns; a delivery worker looks the address up and emails the
 * link and a code ({@code magic_link}, {@link MagicLinks#MAGIC_LINK}) to an active account, or to
 * an unknown address when {@code gatehouse.magic-link.signup-allowed} is on, and sends nothing
 * otherwise. Nothing is valid that was not sent: the transaction that records the mail stores the
 * code and the link as keyed hashes with their expiry, and the address's earlier link and code stop
 * working. The link's token is sealed (AES-GCM under the server key: the address, when it was
 * issued, the hash of the browser binding and its stored row). Both work for {@code
 * gatehouse.magic-link.ttl}, and using either spends both. The link signs the account in through
 * the sign-in pipeline like every other method: an account with a second factor gets the second
 * step, a new address gets an account (its email verified: the link proved the mailbox).
 *
 * <p>A link asked for with a browser binding works only where that binding is presented; one asked
 * for without (an app, the JSON contract) works on any device. The code works on any device; {@code
 * gatehouse.otp.max-attempts} wrong ones burn it (its link still works, and nothing new is mailed
 * until a new request).
 *
 * <h2>Limits</h2>
 *
 * Requests count against the client network's {@code
 * gatehouse.throttle.account-mail.per-ip-hourly}, together with password-reset requests and
 * confirmation resends; mails to one address against {@code gatehouse.otp.max-per-destination} an
 * hour. Code attempts count, before anything is compared, against the network's {@code
 * gatehouse.throttle.magic-link-code.per-ip-hourly} and the address's {@code
 * gatehouse.magic-link.wrong-codes-per-address-daily} (a right code is given back); wrong codes of
 * all addresses together against {@code gatehouse.magic-link.wrong-codes-hourly}, past which only
 * addresses with no attempt that day get one (a bystander's right code still signs in). The
 * arithmetic of a guesser at these limits is in docs/SECURITY-GUARANTEES.md.
 */
public interface MagicLinkService {
  /**
   * A new browser binding, for a page to keep in an HTTP-only cookie and present with the request
   * and with the link.
   *
   * @return a random URL-safe value
   */
  static String newBrowserBinding() {
    return SecretHasher.newToken();
  }

  /**
   * Asks for a sign-in link by email. Answers the same, in the same time, for every address.
   *
   * @param email the address as typed
   * @param browserBinding the asking browser's binding ({@link #newBrowserBinding()}), or {@code
   *     null} for a link that works on any device
   * @param client who is calling (its IP is counted), or {@code null}
   * @throws RejectedInputException {@code invalid_email}; {@code magic_link_disabled}
   * @throws RateLimitedException {@code rate_limited} when the network asked too often
   */
  void requestLink(String email, @Nullable String browserBinding, @Nullable ClientInfo client);

  /**
   * Signs in with the token of an emailed link.
   *
   * @param token the link's token
   * @param browserBinding the binding the browser presents, or {@code null}
   * @param client who is calling, or {@code null}
   * @return signed in, or the second step the account needs
   * @throws RejectedInputException {@code invalid_link} (altered, expired, used, superseded by a
   *     newer request, or an account that may not sign in); {@code link_other_browser} when the
   *     link was asked for in another browser (nothing is spent: its code still works there);
   *     {@code magic_link_disabled}
   */
  SignInResult signInWithLink(
      String token, @Nullable String browserBinding, @Nullable ClientInfo client);

  /**
   * Signs in with the code of an emailed link, on the device that asked for it (or any other).
   *
   * @param email the address the link was sent to
   * @param code the code as typed
   * @param client who is calling, or {@code null}
   * @return signed in, or the second step the account needs
   * @throws RejectedInputException {@code invalid_email}; {@code invalid_code_format}; {@code
   *     invalid_code} (wrong, expired, used, superseded, or never sent); {@code
   *     magic_link_disabled}
   * @throws RateLimitedException {@code rate_limited} when the code burned, or over the network's,
   *     the address's or everyone's limit of code attempts
   */
  SignInResult signInWithCode(String email, String code, @Nullable ClientInfo client);
}
