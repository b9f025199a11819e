package com.example.apikeys;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.error.AuthException.RateLimitedException;
import dev.gatehouse.core.error.AuthException.RejectedInputException;
import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.secret.SecretHasher;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.session.ModuleAccounts;
import dev.gatehouse.core.session.ModuleAudit;
import dev.gatehouse.core.session.ModuleLimits;
import dev.gatehouse.core.session.ModuleMail;
import dev.gatehouse.core.session.ModuleSignIns;
import dev.gatehouse.core.session.SignInContext;
import dev.gatehouse.core.session.SignInResult;
import dev.gatehouse.core.store.UserRecord;
import dev.gatehouse.core.token.AccessTokenVerifier.VerifiedAccessToken;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** The {@link ApiKeyService} the module builds on Gatehouse's sign-in SPI. Not API. */
final class DefaultApiKeyService implements ApiKeyService {
  private static final int MAX_NAME = 100;

  private final SignInContext context;
  private final ModuleAccounts accounts;
  private final ModuleAudit audit;
  private final ModuleLimits limits;
  private final ModuleMail mail;
  private final ModuleSignIns signIns;
  private final KeyTable table;
  private final WrongKeys wrong;

  DefaultApiKeyService(SignInContext context) {
    this.context = context;
    this.accounts = this.context.capability(ModuleAccounts.class);
    this.audit = this.context.capability(ModuleAudit.class);
    this.limits = this.context.capability(ModuleLimits.class);
    this.mail = this.context.capability(ModuleMail.class);
    this.signIns = this.context.capability(ModuleSignIns.class);
    this.table = new KeyTable();
    this.wrong = new WrongKeys(context.config(), context.capability(SecretHasher.class));
  }

  @Override
  public CreatedKey create(VerifiedAccessToken caller, String name) {
    requireNonNull(caller, "caller");
    String trimmed = requireName(name);
    UserRecord owner = accounts.owner(caller);
    PresentedKey key = PresentedKey.random();
    // The store keeps instants to the microsecond: the answer says what a list will say.
    Instant now = context.clock().instant().truncatedTo(ChronoUnit.MICROS);
    ApiKey description = new ApiKey(key.id(), trimmed, now, null);
    int quota = context.config().get(ApiKeySettings.MAX_PER_ACCOUNT);
    boolean created =
        context
            .store()
            .inTransaction(
                tx -> {
                  // Held to the commit: a second create for the account counts after this one.
                  tx.users().lockForUpdate(owner.publicId());
                  if (table.of(tx, owner.publicId()).size() >= quota) {
                    return false;
                  }
                  table.insert(
                      tx,
                      owner.publicId(),
                      description,
                      key.hash(context.capability(SecretHasher.class)));
                  // Told after the commit, so an owner who did not create it revokes it.
                  mail.sendNotice(tx, owner, ApiKeys.CREATED.name());
                  return true;
                });
    if (!created) {
      // Kept in the audit trail in a transaction of its own.
      throw audit.refusedOperation(
          "api_keys.create",
          owner.publicId(),
          new RejectedInputException(
              ApiKeyErrors.API_KEY_QUOTA, "the account holds " + quota + " API keys already"),
          null);
    }
    return new CreatedKey(description, key.text());
  }

  @Override
  public List<ApiKey> list(VerifiedAccessToken caller) {
    UserRecord account = accounts.caller(requireNonNull(caller, "caller"));
    return context.store().inTransaction(tx -> table.of(tx, account.publicId()));
  }

  @Override
  public List<ApiKey> keysOf(VerifiedAccessToken staff, UUID account) {
    requireNonNull(account, "account");
    accounts.staff(requireNonNull(staff, "staff"), "api_keys.keys_of");
    return context.store().inTransaction(tx -> table.of(tx, account));
  }

  @Override
  public boolean revoke(VerifiedAccessToken caller, UUID id) {
    requireNonNull(id, "id");
    UserRecord owner = accounts.owner(requireNonNull(caller, "caller"));
    return context.store().inTransaction(tx -> table.delete(tx, owner.publicId(), id));
  }

  @Override
  public SignInResult signIn(String key, @Nullable ClientInfo client) {
    String ip = client == null ? null : client.ipAddress();
    Instant now = context.clock().instant();
    // Before any key is compared: a network over its wrong keys is refused, right key or not.
    Optional<Duration> wait = limits.counting(List.of(), now, tx -> wrong.reached(tx, ip, now));
    if (wait.isPresent()) {
      throw audit.refused(
          ApiKeyCheck.METHOD,
          null,
          new RateLimitedException(
              ErrorCode.RATE_LIMITED,
              "too many wrong API keys from this network; try again later",
              wait.get()),
          client);
    }
    PresentedKey presented = key == null ? null : PresentedKey.parse(key).orElse(null);
    return signIns.signIn(new ApiKeyCheck(context, table, wrong, presented, client), client);
  }

  private static String requireName(String name) {
    String trimmed = name == null ? "" : name.strip();
    if (trimmed.isEmpty() || trimmed.length() > MAX_NAME) {
      throw new RejectedInputException(
          ErrorCode.INVALID_LABEL, "an API key's name is 1 to " + MAX_NAME + " characters");
    }
    return trimmed;
  }
}
