package dev.gatehouse.mfa;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.config.SecondFactorSettings;
import dev.gatehouse.core.error.AuthException;
import dev.gatehouse.core.error.AuthException.RejectedInputException;
import dev.gatehouse.core.event.AuthEvent;
import dev.gatehouse.core.event.AuthEvent.RequestOrigin;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.session.ModuleAccounts;
import dev.gatehouse.core.session.ModuleAudit;
import dev.gatehouse.core.session.ModuleLimits.Guess;
import dev.gatehouse.core.session.ModuleMail;
import dev.gatehouse.core.session.ModuleSignIns;
import dev.gatehouse.core.session.ModuleSignIns.SecondStep;
import dev.gatehouse.core.session.Reauthentication;
import dev.gatehouse.core.session.Reauthentication.ReauthenticationRequiredException;
import dev.gatehouse.core.session.SignInContext;
import dev.gatehouse.core.session.SignInResult;
import dev.gatehouse.core.store.AuthStore;
import dev.gatehouse.core.store.SecondFactorStore.TotpFactor;
import dev.gatehouse.core.store.StoreTransaction;
import dev.gatehouse.core.store.UserRecord;
import dev.gatehouse.core.token.AccessTokenVerifier.VerifiedAccessToken;
import dev.gatehouse.mfa.SecondFactors.NewSeed;
import dev.gatehouse.mfa.SecondFactors.TotpMatch;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The {@link SecondFactorService} {@link SecondFactorModule} installs, built on the sign-in SPI
 * alone: the second step through {@link ModuleSignIns#secondStep} and {@link
 * ModuleSignIns#completeSecondStep}, recent authentication through {@link
 * ModuleAccounts#reauthenticated}, and an authenticator app's code as a proof of it through the
 * {@link Reauthentication.Check} it registers.
 */
final class DefaultSecondFactorService implements SecondFactorService {
  private static final int QR_SIZE = 240;
  private final SignInContext context;
  private final ModuleAccounts accounts;
  private final ModuleAudit audit;
  private final ModuleMail mail;
  private final ModuleSignIns signIns;
  private final GatehouseConfig config;
  private final Clock clock;
  private final AuthStore store;
  private final SecondFactors factors;
  private final RememberedDevices rememberedDevices;
  private final PngQrCodeRenderer qrCodes = new PngQrCodeRenderer();

  DefaultSecondFactorService(SignInContext context) {
    this.context = context;
    this.accounts = this.context.capability(ModuleAccounts.class);
    this.audit = this.context.capability(ModuleAudit.class);
    this.mail = this.context.capability(ModuleMail.class);
    this.signIns = this.context.capability(ModuleSignIns.class);
    this.config = context.config();
    this.clock = context.clock();
    this.store = context.store();
    this.factors = new SecondFactors(context);
    this.rememberedDevices = new RememberedDevices(context);
    context.hook(new StepUpCheck());
  }

  @Override
  public TotpEnrolment beginTotpEnrolment(
      VerifiedAccessToken caller, Reauthentication proof, ClientInfo client) {
    requireNonNull(caller, "caller");
    requireNonNull(proof, "proof");
    Instant now = clock.instant();
    NewSeed seed = factors.newSeed(caller.userPublicId());
    UserRecord[] user = new UserRecord[1];
    boolean saved;
    try {
      saved =
          accounts.reauthenticated(
              caller,
              proof,
              client,
              (tx, u) -> {
                user[0] = u;
                return tx.secondFactors().savePendingTotp(u.publicId(), seed.sealed(), now);
              });
    } catch (RuntimeException e) {
      Arrays.fill(seed.seed(), (byte) 0);
      throw e;
    }
    if (!saved) {
      Arrays.fill(seed.seed(), (byte) 0);
      throw new RejectedInputException(
          SecondFactorErrors.TOTP_ALREADY_ENABLED,
          "the account already has an authenticator app; remove it first");
    }
    return enrolment(user[0], seed);
  }

  private TotpEnrolment enrolment(UserRecord u, NewSeed seed) {
    String uri =
        factors
            .totp()
            .uri(config.get(GatehouseConfig.APP_NAME), SecondFactors.label(u), seed.seed());
    String secret = Totp.base32(seed.seed());
    Arrays.fill(seed.seed(), (byte) 0);
    return new TotpEnrolment(secret, uri, qrCodes.png(uri, QR_SIZE));
  }

  @Override
  public RecoveryCodes confirmTotpEnrolment(
      VerifiedAccessToken caller, String code, ClientInfo client) {
    requireNonNull(caller, "caller");
    Instant now = clock.instant();
    UUID user = accounts.caller(caller).publicId();
    TotpFactor pending =
        store
            .inTransaction(tx -> tx.secondFactors().totp(user))
            .filter(f -> !f.confirmed())
            .orElseThrow(SecondFactors::notPending);
    TotpMatch match = factors.checkTotp(pending, code, client, true, now);
    RequestOrigin origin = ClientInfo.originOf(config, client);
    List<String> codes =
        store.inTransaction(
            tx -> {
              if (!tx.secondFactors()
                  .confirmTotp(user, pending.sealedSecret(), match.step(), now)) {
                throw SecondFactors.notPending();
              }
              match.guess().settle(tx);
              audit.publish(
                  tx,
                  new SecondFactorService.SecondFactorEnabled(
                      now, user, SecondFactors.TOTP, origin));
              return factors.newRecoveryCodes(tx, user, now);
            });
    return new RecoveryCodes(codes);
  }

  @Override
  public void removeTotp(VerifiedAccessToken caller, Reauthentication proof, ClientInfo client) {
    requireNonNull(caller, "caller");
    requireNonNull(proof, "proof");
    Instant now = clock.instant();
    RequestOrigin origin = ClientInfo.originOf(config, client);
    boolean removed =
        accounts.reauthenticated(
            caller,
            proof,
            client,
            (tx, u) -> {
              UUID user = u.publicId();
              boolean had = tx.secondFactors().deleteTotp(user);
              tx.secondFactors().deleteRecoveryCodes(user);
              int devices = tx.secondFactors().revokeRememberedDevices(user, null, now);
              if (devices > 0) {
                audit.publish(
                    tx,
                    new AuthEvent.RememberedDevicesRevoked(
                        now, user, devices, "second_factor_removed"));
              }
              if (had) {
                audit.publish(
                    tx, new AuthEvent.SecondFactorDisabled(now, user, SecondFactors.TOTP, origin));
              }
              return had;
            });
    if (!removed) {
      throw SecondFactors.notEnabled();
    }
  }

  @Override
  public RecoveryCodes regenerateRecoveryCodes(
      VerifiedAccessToken caller, Reauthentication proof, ClientInfo client) {
    requireNonNull(caller, "caller");
    requireNonNull(proof, "proof");
    Instant now = clock.instant();
    RequestOrigin origin = ClientInfo.originOf(config, client);
    List<String> codes =
        accounts.reauthenticated(
            caller,
            proof,
            client,
            (tx, u) -> {
              UUID user = u.publicId();
              if (tx.secondFactors().totp(user).filter(TotpFactor::confirmed).isEmpty()) {
                throw SecondFactors.notEnabled();
              }
              audit.publish(
                  tx, new SecondFactorService.RecoveryCodesRegenerated(now, user, origin));
              return factors.newRecoveryCodes(tx, user, now);
            });
    return new RecoveryCodes(codes);
  }

  @Override
  public SecondFactorStatus status(UUID userPublicId) {
    requireNonNull(userPublicId, "userPublicId");
    return store.inTransaction(
        tx -> {
          Optional<TotpFactor> totp = tx.secondFactors().totp(userPublicId);
          return new SecondFactorStatus(
              totp.filter(TotpFactor::confirmed).isPresent(),
              totp.filter(f -> !f.confirmed()).isPresent(),
              tx.secondFactors().unusedRecoveryCodes(userPublicId));
        });
  }

  @Override
  public SignInResult.SignedIn completeLogin(
      String challenge, SecondFactorProof proof, ClientInfo client) {
    return completeLogin(challenge, proof, client, false).signedIn();
  }

  @Override
  public SecondFactorLogin completeLogin(
      String challenge, SecondFactorProof proof, ClientInfo client, boolean rememberDevice) {
    requireNonNull(proof, "proof");
    ClientInfo who = client == null ? ClientInfo.web() : client;
    RequestOrigin origin = ClientInfo.originOf(config, who);
    boolean totp = proof.kind() == SecondFactorProof.Kind.TOTP;
    String method = totp ? SecondFactors.TOTP : SecondFactors.RECOVERY_CODE;
    Instant now = clock.instant();
    // A challenge refused (unknown, used, expired) is a refused sign-in like a wrong code: kept,
    // under the account when the challenge named one.
    SecondStep step =
        signIns
            .secondStep(challenge)
            .orElseThrow(() -> audit.refused(method, null, SecondFactors.invalidChallenge(), who));
    UUID user = step.account();
    TotpMatch match = null;
    Guess recovery = null;
    if (totp) {
      TotpFactor factor =
          store
              .inTransaction(tx -> tx.secondFactors().totp(user))
              .filter(TotpFactor::confirmed)
              .orElseThrow(
                  () -> audit.refused(method, user, SecondFactors.invalidChallenge(), who));
      match = factors.checkTotp(factor, proof.code(), who, true, now);
    } else {
      recovery = factors.guess(user, who, now);
    }
    TotpMatch spentTotp = match;
    Guess spentRecovery = recovery;
    Duration rememberFor = config.get(SecondFactorSettings.MFA_REMEMBER_DEVICE);
    Instant rememberedUntil =
        rememberDevice && !rememberFor.isZero() ? now.plus(rememberFor) : null;
    String[] device = new String[1];
    SignInResult.SignedIn signedIn =
        signIns.completeSecondStep(
            step,
            method,
            (tx, u) -> {
              if (spentTotp != null) {
                if (!factors.spendTotp(tx, user, spentTotp)) {
                  throw SecondFactors.codeUsed();
                }
              } else {
                if (!factors.spendRecovery(tx, user, proof.code(), spentRecovery, now)) {
                  throw factors.wrong(spentRecovery, user, method, who, now, false);
                }
                mail.sendNotice(tx, u, SecondFactorModule.RECOVERY_CODE_USED.name());
              }
              if (rememberedUntil != null) {
                device[0] = signIns.rememberDevice(tx, user, who, rememberedUntil, now);
              }
            },
            who);
    if (spentRecovery != null) {
      int left = status(user).recoveryCodesLeft();
      publish(new SecondFactorService.RecoveryCodeUsed(now, user, left, origin));
    }
    if (rememberedUntil != null) {
      publish(new SecondFactorService.DeviceRemembered(now, user, rememberedUntil, origin));
    }
    return new SecondFactorLogin(signedIn, device[0], rememberedUntil);
  }

  private void publish(AuthEvent event) {
    store.inTransaction(
        tx -> {
          audit.publish(tx, event);
          return null;
        });
  }

  @Override
  public List<RememberedDeviceView> rememberedDevices(VerifiedAccessToken caller) {
    return rememberedDevices.list(requireNonNull(caller, "caller"));
  }

  @Override
  public void forgetRememberedDevice(VerifiedAccessToken caller, long deviceId, ClientInfo client) {
    if (rememberedDevices.forget(requireNonNull(caller, "caller"), deviceId) == 0) {
      throw new AuthException.NotFoundException(SecondFactorErrors.REMEMBERED_DEVICE_NOT_FOUND);
    }
  }

  @Override
  public int forgetRememberedDevices(VerifiedAccessToken caller, ClientInfo client) {
    return rememberedDevices.forget(requireNonNull(caller, "caller"), null);
  }

  @Override
  public TotpEnrolment beginRequiredEnrolment(String challenge, ClientInfo client) {
    Instant now = clock.instant();
    UUID user = enrolmentStep(challenge).account();
    NewSeed seed = factors.newSeed(user);
    UserRecord u =
        store.inTransaction(
            tx -> {
              UserRecord found = tx.users().findByPublicId(user).orElse(null);
              if (found == null
                  || found.deleted()
                  || !found.active()
                  || !tx.secondFactors().savePendingTotp(user, seed.sealed(), now)) {
                throw SecondFactors.invalidChallenge();
              }
              return found;
            });
    return enrolment(u, seed);
  }

  @Override
  public SignInResult.SignedIn completeRequiredEnrolment(
      String challenge, String code, ClientInfo client) {
    ClientInfo who = client == null ? ClientInfo.web() : client;
    RequestOrigin origin = ClientInfo.originOf(config, who);
    Instant now = clock.instant();
    SecondStep step = enrolmentStep(challenge);
    UUID user = step.account();
    TotpFactor factor =
        store
            .inTransaction(tx -> tx.secondFactors().totp(user))
            .filter(f -> !f.confirmed())
            .orElseThrow(SecondFactors::notPending);
    TotpMatch match = factors.checkTotp(factor, code, who, true, now);
    List<String> codes = new ArrayList<>();
    SignInResult.SignedIn done =
        signIns.completeSecondStep(
            step,
            SecondFactors.TOTP,
            (tx, u) -> {
              // One conditional statement: of racing completions one passes it and the challenge.
              if (!tx.secondFactors().confirmTotp(user, factor.sealedSecret(), match.step(), now)) {
                throw SecondFactors.invalidChallenge();
              }
              match.guess().settle(tx);
              codes.addAll(factors.newRecoveryCodes(tx, user, now));
              audit.publish(
                  tx,
                  new SecondFactorService.SecondFactorEnabled(
                      now, user, SecondFactors.TOTP, origin));
            },
            who);
    return new SignInResult.SignedIn(
        done.tokens(), done.methods(), done.created(), done.linked(), codes, done.account());
  }

  private SecondStep enrolmentStep(String challenge) {
    return signIns.enrolmentStep(challenge).orElseThrow(SecondFactors::invalidChallenge);
  }

  /**
   * An authenticator app's code as a proof of recent authentication ({@code
   * Reauthentication.totp}).
   */
  private final class StepUpCheck implements Reauthentication.Check {
    @Override
    public Reauthentication.Kind kind() {
      return Reauthentication.Kind.TOTP;
    }

    @Override
    public String method() {
      return ReauthenticationRequiredException.METHOD_TOTP;
    }

    @Override
    public boolean offers(StoreTransaction tx, UUID account) {
      return tx.secondFactors().totp(account).filter(TotpFactor::confirmed).isPresent();
    }

    @Override
    public void check(UserRecord account, String secret, @Nullable ClientInfo client) {
      UUID user = account.publicId();
      Instant now = clock.instant();
      TotpFactor factor =
          store
              .inTransaction(tx -> tx.secondFactors().totp(user))
              .filter(TotpFactor::confirmed)
              .orElseThrow(() -> new ReauthenticationRequiredException(List.of()));
      // Not the client's network: a step-up is the signed-in caller's, as a password proof is.
      TotpMatch match = factors.checkTotp(factor, secret, client, false, now);
      // Spent at once, in a transaction of its own: a replay of this code must fail even when the
      // operation it proved for rolls back afterwards.
      boolean spent = store.inTransaction(tx -> factors.spendTotp(tx, user, match));
      if (!spent) {
        throw audit.refused(SecondFactors.TOTP, user, SecondFactors.codeUsed(), client);
      }
    }
  }
}
