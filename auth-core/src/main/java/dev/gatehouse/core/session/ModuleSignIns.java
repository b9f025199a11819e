package dev.gatehouse.core.session;

import dev.gatehouse.core.error.AuthException;
import dev.gatehouse.core.store.StoreTransaction;
import dev.gatehouse.core.store.UserRecord;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;

/**
 * The one sign-in path, for a module's own way of signing in: a first sign-in through the pipeline,
 * and the answer to a login's second step. Asked for with {@code
 * context.capability(ModuleSignIns.class)}.
 *
 * <p>Called on a request's thread by the module's service. {@link #signIn} and {@link
 * #completeSecondStep} open their own transaction (joining the host's when one is open) and must
 * not be called inside another of the module's; {@link #rememberDevice} writes in the transaction
 * it is given. Thread-safe.
 */
public interface ModuleSignIns {
  /**
   * Runs a sign-in through the one pipeline, in one transaction: the check, the account's state,
   * the last login, the session or the second step the account needs, the audit entry and the
   * events; observed as a sign-in of {@link CredentialCheck#method()} (a method of a provider,
   * {@code kind:provider} such as {@code social:google}, is tagged method {@code kind} and provider
   * {@code provider}).
   *
   * @param check proves who signs in
   * @param client who is calling, or {@code null} for a web client without details
   * @return signed in, the second step, or the check's own answer
   * @throws AuthException the check's refusal, after what it counted committed and the refusal was
   *     audited
   */
  SignInResult signIn(CredentialCheck check, @Nullable ClientInfo client);

  /**
   * Reads a login's pending second step (the {@code mfa_required} challenge a sign-in answered), so
   * a method of the module's own can answer it: the account it is for and the factors it proved.
   *
   * @param challenge the challenge's token, as the client sent it
   * @return the pending step, or empty when the token is unknown, used, expired or malformed
   */
  Optional<SecondStep> secondStep(String challenge);

  /**
   * Reads a login's pending enrolment step (the {@code mfa_enrolment_required} challenge a sign-in
   * answered when the policy requires a second factor the account has not enrolled), so the module
   * that enrols one can answer it with {@link #completeSecondStep}.
   *
   * @param challenge the challenge's token, as the client sent it
   * @return the pending step ({@link SecondStep#enrolment()}), or empty when the token is unknown,
   *     used, expired or malformed
   */
  Optional<SecondStep> enrolmentStep(String challenge);

  /**
   * Completes a login's second step (or its enrolment step) with a factor the module checked, in
   * one transaction observed as a second-step sign-in of {@code method}: the challenge must still
   * be pending and its account active; {@code spend} spends the factor (and throws to refuse); the
   * challenge is consumed, the login recorded and the session started, whose {@code amr} is the
   * first factor's, {@code method} and {@code mfa}. A refusal rolls all of it back and is audited
   * naming the account.
   *
   * @param step the step {@link #secondStep} read
   * @param method the factor's {@code amr} value, e.g. {@code webauthn}
   * @param spend spends the factor in the transaction, given the account as read there
   * @param client who is calling, or {@code null}
   * @return signed in
   * @throws AuthException {@code invalid_challenge} when the step was completed meanwhile or its
   *     account may no longer sign in, or what {@code spend} threw
   */
  SignInResult.SignedIn completeSecondStep(
      SecondStep step,
      String method,
      BiConsumer<StoreTransaction, UserRecord> spend,
      @Nullable ClientInfo client);

  /**
   * Remembers the calling device for an account's second step, in {@code tx}: until {@code until} a
   * login that presents the answered token skips the second step (unless the account re-enrols its
   * authenticator app). The token is stored as a keyed hash, labelled with the client's user agent.
   *
   * @param tx the flow's transaction
   * @param account the account's public id
   * @param client who is calling, or {@code null}
   * @param until when it stops standing in
   * @param now the current time
   * @return the device's token, for the client to keep (a secret)
   */
  String rememberDevice(
      StoreTransaction tx, UUID account, @Nullable ClientInfo client, Instant until, Instant now);

  /**
   * A login's pending second step, as {@link #secondStep} or {@link #enrolmentStep} read it. {@link
   * #toString()} leaves the challenge out.
   *
   * @param challenge the challenge's token (a secret)
   * @param account the account's public id
   * @param amr the factors the login proved so far, e.g. {@code ["pwd"]}
   * @param enrolment whether it is an enrolment step ({@code mfa_enrolment_required})
   */
  record SecondStep(String challenge, UUID account, List<String> amr, boolean enrolment) {
    /**
     * @param challenge see the record description
     * @param account see the record description
     * @param amr see the record description
     * @param enrolment see the record description
     */
    public SecondStep {
      amr = List.copyOf(amr);
    }

    @Override
    public String toString() {
      return "SecondStep[account=" + account + ", amr=" + amr + ", enrolment=" + enrolment + "]";
    }
  }
}
