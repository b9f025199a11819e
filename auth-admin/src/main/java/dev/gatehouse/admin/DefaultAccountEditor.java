package dev.gatehouse.admin;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.error.AuthException.RejectedInputException;
import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.session.ModuleAccounts;
import dev.gatehouse.core.session.ModuleAudit;
import dev.gatehouse.core.session.SignInContext;
import dev.gatehouse.core.session.UserView;
import dev.gatehouse.core.store.StoreTransaction;
import dev.gatehouse.core.store.StoreTransaction.DuplicateKeyException;
import dev.gatehouse.core.store.UserRecord;
import dev.gatehouse.core.token.AccessTokenVerifier.VerifiedAccessToken;
import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** {@link AccountEditor} through {@link DefaultAdminService}'s audited change of one account. */
final class DefaultAccountEditor implements AccountEditor {
  private final SignInContext context;
  private final ModuleAccounts accounts;
  private final ModuleAudit audit;
  private final DefaultAdminService admin;

  DefaultAccountEditor(SignInContext context) {
    this.context = requireNonNull(context, "context");
    this.accounts = this.context.capability(ModuleAccounts.class);
    this.audit = this.context.capability(ModuleAudit.class);
    this.admin = new DefaultAdminService(context);
  }

  @Override
  public UserView update(
      VerifiedAccessToken caller,
      UUID user,
      Edit edit,
      String reason,
      @Nullable ClientInfo client) {
    requireNonNull(user, "user");
    requireNonNull(edit, "edit");
    String why = DefaultAdminService.reason(reason);
    try {
      return admin.change(
          caller,
          user,
          "update",
          why,
          null,
          client,
          (tx, superuser, u, now) -> apply(tx, superuser, u, edit, why, client, now));
    } catch (DuplicateKeyException e) {
      // A concurrent registration or change took the address first.
      throw new RejectedInputException(
          ErrorCode.EMAIL_TAKEN, "another account has this email address");
    }
  }

  private UserView apply(
      StoreTransaction tx,
      UserRecord superuser,
      UserRecord u,
      Edit edit,
      String why,
      @Nullable ClientInfo client,
      Instant now) {
    UUID user = u.publicId();
    UUID by = superuser.publicId();
    boolean own = by.equals(user);
    if (!superuser.superuser()
        || (own && (edit.email() != null || edit.password() != null || edit.superuser() != null))) {
      throw DefaultAdminService.forbidden();
    }
    UserRecord current = u;
    if (edit.email() != null && accounts.setEmail(tx, by, current, edit.email(), client)) {
      current = DefaultAdminService.target(tx, user);
    }
    if (edit.password() != null) {
      accounts.setPassword(tx, by, current, edit.password(), client);
      current = DefaultAdminService.target(tx, user);
    }
    UserRecord.Builder flags = current.toBuilder().modifiedAt(now);
    boolean changed = false;
    if (edit.verified() != null && edit.verified() != current.verified()) {
      flags.verified(edit.verified()).emailVerified(edit.verified());
      audit(tx, by, user, edit.verified() ? "verify" : "unverify", why, client, now);
      changed = true;
    } else if (Boolean.TRUE.equals(edit.verified()) && !current.emailVerified()) {
      flags.emailVerified(true);
      changed = true;
    }
    if (edit.superuser() != null && edit.superuser() != current.superuser()) {
      // Gatehouse's superuser is staff too; a demoted one is a plain account again.
      flags.superuser(edit.superuser()).staff(edit.superuser());
      audit(tx, by, user, edit.superuser() ? "promote" : "demote", why, client, now);
      changed = true;
    }
    if (changed) {
      current = flags.build();
      tx.users().update(current);
    }
    if (edit.active() != null && edit.active() != current.active()) {
      admin.ends.apply(context, tx, superuser, current, edit.active(), null, now);
      audit(tx, by, user, edit.active() ? "enable" : "disable", why, client, now);
      current = DefaultAdminService.target(tx, user);
    }
    return UserView.of(current);
  }

  private void audit(
      StoreTransaction tx,
      UUID by,
      UUID user,
      String action,
      String why,
      @Nullable ClientInfo client,
      Instant now) {
    audit.publishByAdmin(
        tx,
        by,
        new AdminAction(now, user, by, action, why, ClientInfo.originOf(context.config(), client)));
  }
}
