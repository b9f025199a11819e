package dev.gatehouse.core.account.internal;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.account.AccountService;
import dev.gatehouse.core.account.AccountService.AccountUpdate;
import dev.gatehouse.core.account.AccountService.CodeSent;
import dev.gatehouse.core.account.AccountService.LoginRequest;
import dev.gatehouse.core.account.RegistrationRequest;
import dev.gatehouse.core.observe.GatehouseObserver;
import dev.gatehouse.core.observe.GatehouseObserver.ObservedOperation;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.session.Reauthentication;
import dev.gatehouse.core.session.SignInResult;
import dev.gatehouse.core.session.UserView;
import dev.gatehouse.core.session.internal.SignInPipeline;
import dev.gatehouse.core.token.AccessTokenVerifier.VerifiedAccessToken;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** The {@link AccountService} the facade builds. Internal: not API. */
public final class DefaultAccountService implements AccountService {
  // One job each; the interface documents the API, this class delegates.
  private final Registration registration;
  private final PasswordLogin login;
  private final Recovery recovery;
  private final AccountAdmin admin;
  private final dev.gatehouse.core.observe.GatehouseObserver observer;

  /** Built by the facade's wiring. */
  public DefaultAccountService(
      Registration registration,
      PasswordLogin login,
      Recovery recovery,
      AccountAdmin admin,
      GatehouseObserver observer) {
    this.registration = registration;
    this.login = login;
    this.recovery = recovery;
    this.admin = admin;
    this.observer = observer;
  }

  @Override
  public void register(RegistrationRequest request) {
    register(request, null);
  }

  @Override
  public void register(RegistrationRequest request, @Nullable ClientInfo client) {
    requireNonNull(request, "request");
    registration.register(request, client);
  }

  @Override
  public void confirmEmail(String token) {
    recovery.confirmEmail(token);
  }

  @Override
  public UUID confirmEmailReturningId(String token) {
    return recovery.confirmEmail(token);
  }

  @Override
  public void resendConfirmation(String email) {
    resendConfirmation(email, null);
  }

  @Override
  public void resendConfirmation(String email, @Nullable ClientInfo client) {
    recovery.resendConfirmation(email, client);
  }

  @Override
  public SignInResult login(LoginRequest request) {
    requireNonNull(request, "request");
    return ObservedOperation.run(
        observer,
        ObservedOperation.SIGN_IN,
        ObservedOperation.signInTags("pwd", false, "none"),
        SignInPipeline::outcomeOf,
        () -> login.login(request));
  }

  @Override
  public CodeSent requestReauthenticationCode(VerifiedAccessToken caller) {
    requireNonNull(caller, "caller");
    return admin.requestReauthenticationCode(caller);
  }

  @Override
  public void changePassword(UUID userPublicId, String currentPassword, String newPassword) {
    requireNonNull(userPublicId, "userPublicId");
    admin.changePassword(userPublicId, currentPassword, newPassword);
  }

  @Override
  public void changePassword(
      VerifiedAccessToken caller,
      Reauthentication proof,
      String newPassword,
      @Nullable ClientInfo client) {
    admin.changePassword(caller, proof, newPassword, client);
  }

  @Override
  public void requestPasswordReset(String email) {
    requestPasswordReset(email, null);
  }

  @Override
  public void requestPasswordReset(String email, @Nullable ClientInfo client) {
    recovery.requestPasswordReset(email, client);
  }

  @Override
  public void confirmPasswordReset(String token, String newPassword) {
    recovery.confirmPasswordReset(token, newPassword);
  }

  @Override
  public Optional<UserView> find(UUID userPublicId) {
    requireNonNull(userPublicId, "userPublicId");
    return admin.find(userPublicId);
  }

  @Override
  public Optional<UserView> findByEmail(String email) {
    return email == null ? Optional.empty() : admin.findByEmail(email);
  }

  @Override
  public Optional<UserView> findByPhone(String phone) {
    return phone == null ? Optional.empty() : admin.findByPhone(phone);
  }

  @Override
  public UserView updateAccount(UUID userPublicId, AccountUpdate update) {
    requireNonNull(userPublicId, "userPublicId");
    requireNonNull(update, "update");
    return admin.updateAccount(userPublicId, update);
  }

  @Override
  public void deleteAccount(UUID userPublicId, String password) {
    requireNonNull(userPublicId, "userPublicId");
    admin.deleteAccount(userPublicId, password);
  }

  @Override
  public void deleteAccount(
      VerifiedAccessToken caller, Reauthentication proof, @Nullable ClientInfo client) {
    admin.deleteAccount(caller, proof, client);
  }

  @Override
  public CodeSent requestEmailChange(
      VerifiedAccessToken caller,
      Reauthentication proof,
      String newEmail,
      @Nullable ClientInfo client) {
    return admin.contactChange().request(ContactChange.Kind.EMAIL, caller, proof, newEmail, client);
  }

  @Override
  public void confirmEmailChange(
      VerifiedAccessToken caller, String newEmail, String code, @Nullable ClientInfo client) {
    admin.contactChange().confirm(ContactChange.Kind.EMAIL, caller, newEmail, code, client);
  }

  @Override
  public CodeSent requestPhoneChange(
      VerifiedAccessToken caller,
      Reauthentication proof,
      String newPhone,
      @Nullable ClientInfo client) {
    return admin.contactChange().request(ContactChange.Kind.PHONE, caller, proof, newPhone, client);
  }

  @Override
  public void confirmPhoneChange(
      VerifiedAccessToken caller, String newPhone, String code, @Nullable ClientInfo client) {
    admin.contactChange().confirm(ContactChange.Kind.PHONE, caller, newPhone, code, client);
  }

  @Override
  public UUID createSuperuser(String bootstrapToken, String email, String password) {
    return admin.createSuperuser(bootstrapToken, email, password);
  }

  @Override
  public UUID createStaff(VerifiedAccessToken caller, String email, String password) {
    return admin.createStaff(caller, email, password);
  }
}
