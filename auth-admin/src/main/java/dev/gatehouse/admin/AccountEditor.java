package dev.gatehouse.admin;

import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.session.UserView;
import dev.gatehouse.core.token.AccessTokenVerifier.VerifiedAccessToken;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A superuser's changes of another account's email, password, verification, standing and activity,
 * through the flows that change them elsewhere (the FastAPI-Users contract's {@code PATCH
 * users/{id}} uses it). Installed with {@link Administration}:
 *
 * <pre>{@code
 * AccountEditor editor = gatehouse.feature(AccountEditor.class);
 * }</pre>
 */
public interface AccountEditor {
  /**
   * Changes another account as a superuser asks, in one transaction: each field given is set, each
   * {@code null} left as it is, through the flows that change it elsewhere.
   *
   * <ul>
   *   <li>{@code email}: as a confirmed change of address (the old address told after commit, links
   *       sent to it revoked), and the account unverified unless {@code verified} is {@code true};
   *   <li>{@code password}: the password policy, then what every password change does (the
   *       account's sessions ended, its owner told after commit);
   *   <li>{@code verified}: the account and its email address verified or not;
   *   <li>{@code superuser}: {@code true} makes a superuser (and so staff), {@code false} a plain
   *       account again (neither superuser nor staff);
   *   <li>{@code active}: as {@link AdminService#enable} and {@link
   *       AdminService#disable(VerifiedAccessToken, UUID, String, ClientInfo)}.
   * </ul>
   *
   * <p>The audit trail names the superuser: an {@code update} entry with {@code reason}, one entry
   * per flag changed ({@code verify}, {@code unverify}, {@code promote}, {@code demote}, {@code
   * enable}, {@code disable}), and the email and password changes' own events; never a value. A
   * superuser's own email, password and standing change through their own flows (with their
   * proofs), never here.
   *
   * @param caller the superuser's verified access token
   * @param user the account's public id
   * @param edit the fields to set
   * @param reason why, kept in the audit entries (1 to 150 characters)
   * @param client the superuser's request, or {@code null}
   * @return the account as it is now
   * @throws dev.gatehouse.core.error.AuthException.RejectedInputException {@code forbidden} for a
   *     caller who is not a superuser or a change of their own email, password, standing or
   *     activity; {@code user_not_found}; {@code invalid_reason}; {@code invalid_email} or {@code
   *     email_taken}; the password policy's codes. Nothing changed.
   */
  UserView update(
      VerifiedAccessToken caller, UUID user, Edit edit, String reason, @Nullable ClientInfo client);

  /**
   * What {@link #update} sets: each {@code null} field is left as it is.
   *
   * @param email the new email address
   * @param password the new password
   * @param active whether the account may sign in
   * @param verified whether the account and its email address are verified
   * @param superuser whether the account is a superuser (and staff)
   */
  record Edit(
      @Nullable String email,
      @Nullable String password,
      @Nullable Boolean active,
      @Nullable Boolean verified,
      @Nullable Boolean superuser) {
    /** {@return whether no field is set} */
    public boolean isEmpty() {
      return email == null
          && password == null
          && active == null
          && verified == null
          && superuser == null;
    }

    @Override
    public String toString() {
      return "Edit[email="
          + (email == null ? "unchanged" : "...")
          + ", password="
          + (password == null ? "unchanged" : "...")
          + ", active="
          + active
          + ", verified="
          + verified
          + ", superuser="
          + superuser
          + "]";
    }
  }
}
