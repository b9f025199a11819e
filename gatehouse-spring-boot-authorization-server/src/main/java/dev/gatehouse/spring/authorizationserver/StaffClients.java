package dev.gatehouse.spring.authorizationserver;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.error.AuthException.NotFoundException;
import dev.gatehouse.core.error.AuthException.RejectedInputException;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.session.ModuleAccounts;
import dev.gatehouse.core.session.ModuleAudit;
import dev.gatehouse.core.session.SignInContext;
import dev.gatehouse.core.store.StoreTransaction;
import dev.gatehouse.core.store.UserRecord;
import dev.gatehouse.core.token.AccessTokenVerifier.VerifiedAccessToken;
import dev.gatehouse.spring.authorizationserver.OpenIdClientChanged.Change;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/** {@link OpenIdClientAdmin} over the module's tables ({@link ProviderStore}). */
final class StaffClients implements OpenIdClientAdmin {
  private final SignInContext context;
  private final ProviderStore clients;
  private final ModuleAccounts accounts;
  private final ModuleAudit audit;

  StaffClients(SignInContext context, ProviderStore clients) {
    this.context = requireNonNull(context, "context");
    this.clients = requireNonNull(clients, "clients");
    this.accounts = context.capability(ModuleAccounts.class);
    this.audit = context.capability(ModuleAudit.class);
  }

  @Override
  public List<OpenIdClient> list(VerifiedAccessToken caller) {
    accounts.staff(caller, "openid_clients");
    return clients.list();
  }

  @Override
  public OpenIdClients.Registered register(
      VerifiedAccessToken caller, ClientDraft draft, @Nullable ClientInfo client) {
    UserRecord staff = accounts.staff(caller, "openid_client_registered");
    requireNonNull(draft, "draft");
    OpenIdClient wanted =
        checked(
            () ->
                new OpenIdClient(
                    given(draft.clientId(), "client_id"),
                    given(draft.name(), "name"),
                    kind(given(draft.kind(), "kind")),
                    given(draft.firstParty(), "first_party"),
                    draft.redirectUris() == null ? List.of() : draft.redirectUris(),
                    draft.postLogoutRedirectUris() == null
                        ? List.of()
                        : draft.postLogoutRedirectUris(),
                    new LinkedHashSet<>(given(draft.scopes(), "scopes"))));
    return audited(
        staff,
        wanted.clientId(),
        Change.REGISTERED,
        client,
        tx -> {
          if (ProviderStore.client(tx, wanted.clientId()).isPresent()) {
            throw new RejectedInputException(
                OpenIdProviderErrors.OPENID_CLIENT_EXISTS,
                "a client " + wanted.clientId() + " is registered already");
          }
          return clients.register(tx, wanted);
        });
  }

  @Override
  public OpenIdClient change(
      VerifiedAccessToken caller, String clientId, ClientDraft draft, @Nullable ClientInfo client) {
    UserRecord staff = accounts.staff(caller, "openid_client_changed");
    requireNonNull(draft, "draft");
    return audited(
        staff,
        clientId,
        Change.CHANGED,
        client,
        tx -> {
          OpenIdClient before = existing(tx, clientId);
          if ((draft.clientId() != null && !draft.clientId().equals(before.clientId()))
              || (draft.kind() != null && !draft.kind().equals(before.kind().name()))) {
            throw invalid("a client's id and kind stay what they were registered as");
          }
          OpenIdClient after =
              checked(
                  () ->
                      new OpenIdClient(
                          before.clientId(),
                          or(draft.name(), before.name()),
                          before.kind(),
                          or(draft.firstParty(), before.firstParty()),
                          or(draft.redirectUris(), before.redirectUris()),
                          or(draft.postLogoutRedirectUris(), before.postLogoutRedirectUris()),
                          draft.scopes() == null
                              ? before.scopes()
                              : new LinkedHashSet<>(draft.scopes()),
                          // The staff routes do not set back-channel logout (yet): kept.
                          before.backchannelLogoutUri(),
                          before.backchannelLogoutSessionRequired()));
          return clients.change(tx, after);
        });
  }

  @Override
  public String newSecret(
      VerifiedAccessToken caller, String clientId, @Nullable ClientInfo client) {
    UserRecord staff = accounts.staff(caller, "openid_client_secret_replaced");
    return audited(
        staff,
        clientId,
        Change.SECRET_REPLACED,
        client,
        tx -> {
          if (!existing(tx, clientId).hasSecret()) {
            throw invalid("a public client holds no secret");
          }
          return clients.newSecret(tx, clientId);
        });
  }

  @Override
  public void remove(VerifiedAccessToken caller, String clientId, @Nullable ClientInfo client) {
    UserRecord staff = accounts.staff(caller, "openid_client_removed");
    audited(
        staff,
        clientId,
        Change.REMOVED,
        client,
        tx -> {
          existing(tx, clientId);
          return clients.remove(tx, clientId);
        });
  }

  /** The change and its audit entry, in one transaction: a refusal in it leaves neither. */
  private <T> T audited(
      UserRecord staff,
      @Nullable String clientId,
      Change change,
      @Nullable ClientInfo client,
      Function<StoreTransaction, T> work) {
    Instant now = context.clock().instant();
    return clients.inTransaction(
        tx -> {
          T done = work.apply(tx);
          audit.publishByAdmin(
              tx,
              staff.publicId(),
              new OpenIdClientChanged(
                  now,
                  staff.publicId(),
                  requireNonNull(clientId, "clientId"),
                  change,
                  ClientInfo.originOf(context.config(), client)));
          return done;
        });
  }

  private static OpenIdClient existing(StoreTransaction tx, @Nullable String clientId) {
    Optional<ProviderStore.StoredClient> found =
        clientId == null ? Optional.empty() : ProviderStore.client(tx, clientId);
    return found
        .orElseThrow(() -> new NotFoundException(OpenIdProviderErrors.OPENID_CLIENT_NOT_FOUND))
        .client();
  }

  /** The record's own checks, as the typed refusal. */
  private static OpenIdClient checked(java.util.function.Supplier<OpenIdClient> made) {
    try {
      return made.get();
    } catch (IllegalArgumentException | NullPointerException e) {
      throw invalid(e.getMessage() == null ? "a part is missing" : e.getMessage());
    }
  }

  private static <T> T given(@Nullable T value, String part) {
    if (value == null) {
      throw invalid("the client's " + part + " is missing");
    }
    return value;
  }

  private static <T> T or(@Nullable T value, T otherwise) {
    return value == null ? otherwise : value;
  }

  private static OpenIdClient.Kind kind(String kind) {
    return Arrays.stream(OpenIdClient.Kind.values())
        .filter(k -> k.name().equals(kind))
        .findFirst()
        .orElseThrow(() -> invalid("a client's kind is PUBLIC, CONFIDENTIAL or SERVICE"));
  }

  private static RejectedInputException invalid(String why) {
    return new RejectedInputException(OpenIdProviderErrors.INVALID_OPENID_CLIENT, why);
  }
}
