package dev.gatehouse.core.session;

import dev.gatehouse.core.error.AuthException;
import dev.gatehouse.core.store.StoreTransaction;
import dev.gatehouse.core.store.UserRecord;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

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
   * @param carriedOver {@code null} for a sign-in made now; else the sign-in of another system this
   *     one carries over (a legacy token exchanged), whose time the session keeps as its {@code
   *     auth_time}
   */
  record Proven(
      UserRecord user,
      List<String> amr,
      boolean created,
      boolean linked,
      @Nullable CarriedOver carriedOver)
      implements Proof {
    /**
     * @param user the account
     * @param amr how the user authenticated
     * @param created whether the account was created
     * @param linked whether an identity was linked
     * @param carriedOver the carried-over sign-in, or {@code null} for one made now
     */
    public Proven {
      amr = List.copyOf(amr);
    }

    /**
     * A sign-in made now.
     *
     * @param user the account
     * @param amr how the user authenticated
     * @param created whether the account was created
     * @param linked whether an identity was linked
     */
    public Proven(UserRecord user, List<String> amr, boolean created, boolean linked) {
      this(user, amr, created, linked, null);
    }

    @Override
    public String toString() {
      return "Proven[user=" + user.publicId() + ", amr=" + amr + "]";
    }
  }

  /**
   * A sign-in made earlier in another system, which a credential of that system carries over: the
   * session keeps its time, so that the carry-over never passes for a recent sign-in.
   *
   * @param signedInAt when the user signed in there, or {@code null} when the credential does not
   *     tell (the session then has no {@code auth_time})
   */
  record CarriedOver(@Nullable Instant signedInAt) {}

  /**
   * Called in the sign-in's transaction once the pipeline answered a {@link Proven} credential, to
   * record what the check must keep of the answer (a carried-over credential, spent and bound to
   * the session it produced, so that presented again it ends that session). Does nothing by
   * default.
   *
   * @param tx the sign-in's transaction
   * @param result the pipeline's answer: signed in, or the second step
   * @param now the sign-in's instant
   */
  default void answered(StoreTransaction tx, SignInResult result, Instant now) {}

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
