package dev.gatehouse.core.session;

import dev.gatehouse.core.error.AuthException;
import dev.gatehouse.core.store.StoreTransaction;
import dev.gatehouse.core.store.UserRecord;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * One way of proving who signs in (a one-time code, a social identity, a passkey, a magic link):
 * the only part of a sign-in that differs between methods. It runs inside the sign-in's
 * transaction, counts its own attempts against its declared limits, and answers a {@link Proof}.
 */
public interface CredentialCheck {
  /**
   * {@return the method the sign-in's events and metrics name, e.g. {@code otp}, {@code
   * social:google}, {@code webauthn}, {@code magic_link}}
   */
  String method();

  /**
   * Checks the credential.
   *
   * @param tx the sign-in's transaction; what a refusal counted commits with it
   * @param now the sign-in's instant
   * @return who proved it, why not, or an answer that ends the sign-in here
   */
  Proof check(StoreTransaction tx, Instant now);

  /**
   * {@return the refusal for an account that proved the credential but may not sign in (disabled or
   * deleted since): for a method that names no account, the refusal a wrong credential gets, so the
   * answer says nothing about the account}
   *
   * @param user the account
   */
  AuthException inactiveAccount(UserRecord user);

  /**
   * {@return the account the credential's identifier names (an address, a number), for the audit
   * trail of a refusal that did not name it; read in the sign-in's transaction after the check. By
   * default none: a check that reads its account names it in its {@link Refused} instead}
   *
   * @param tx the sign-in's transaction
   */
  default Optional<UserRecord> named(StoreTransaction tx) {
    return Optional.empty();
  }

  /** What a credential check answers. */
  sealed interface Proof {}

  /**
   * The credential is right.
   *
   * @param user the account it proves, as read in the sign-in's transaction
   * @param amr how the user authenticated so far, e.g. {@code ["otp","sms"]}
   * @param created whether the check created the account (sign-up)
   * @param linked whether the check linked a social identity to the account
   */
  record Proven(UserRecord user, List<String> amr, boolean created, boolean linked)
      implements Proof {
    /**
     * @param user the account
     * @param amr how the user authenticated
     * @param created whether the account was created
     * @param linked whether an identity was linked
     */
    public Proven {
      amr = List.copyOf(amr);
    }

    @Override
    public String toString() {
      return "Proven[user=" + user.publicId() + ", amr=" + amr + "]";
    }
  }

  /**
   * The credential is wrong (or spent, or expired): the transaction commits what the check counted,
   * then the pipeline publishes {@code LoginFailed} and throws {@code error}.
   *
   * @param error the refusal
   * @param user the account the credential named, or {@code null} (then {@link #named} is asked)
   */
  record Refused(AuthException error, UUID user) implements Proof {}

  /**
   * The sign-in ends with an answer of the check's own (a social identity whose account must prove
   * the link first): no session starts, the transaction commits.
   *
   * @param result the answer
   */
  record Answered(SignInResult result) implements Proof {}
}
