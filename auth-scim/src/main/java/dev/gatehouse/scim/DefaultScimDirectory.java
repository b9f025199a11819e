package dev.gatehouse.scim;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.core.account.AccountFactory;
import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.error.AuthException.NotFoundException;
import dev.gatehouse.core.error.AuthException.RejectedInputException;
import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.event.AuthEvent;
import dev.gatehouse.core.identity.EmailAddresses;
import dev.gatehouse.core.secret.SecretHasher;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.session.ModuleAccounts;
import dev.gatehouse.core.session.ModuleAudit;
import dev.gatehouse.core.session.ModuleLimits;
import dev.gatehouse.core.session.ModuleSessions;
import dev.gatehouse.core.session.SignInContext;
import dev.gatehouse.core.session.SignInGuard;
import dev.gatehouse.core.signin.AccountChange;
import dev.gatehouse.core.store.StoreTransaction;
import dev.gatehouse.core.store.UserRecord;
import dev.gatehouse.core.token.AccessTokenVerifier.VerifiedAccessToken;
import dev.gatehouse.organizations.Membership;
import dev.gatehouse.organizations.OrganizationDirectory;
import dev.gatehouse.organizations.OrganizationErrors;
import dev.gatehouse.organizations.OrganizationRole;
import dev.gatehouse.scim.DirectoryMembers.Member;
import dev.gatehouse.scim.DirectoryMembers.State;
import dev.gatehouse.scim.DirectoryTokens.Presented;
import dev.gatehouse.scim.DirectoryTokens.Stored;
import dev.gatehouse.scim.UserResources.Attributes;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Predicate;
import org.apache.directory.scim.spec.patch.PatchOperation;
import org.apache.directory.scim.spec.resources.ScimUser;
import org.jspecify.annotations.Nullable;

/** The {@link ScimDirectory} the module builds on Gatehouse's sign-in SPI. Not API. */
final class DefaultScimDirectory implements ScimDirectory, SignInGuard {
  private static final String USERS = "Users";

  private final SignInContext context;
  private final GatehouseConfig config;
  private final ModuleAccounts accounts;
  private final ModuleAudit audit;
  private final ModuleLimits limits;
  private final ModuleSessions sessions;
  private final SecretHasher secrets;
  private final OrganizationDirectory directory;
  private final ScimJson json = new ScimJson();
  private final UserResources resources = new UserResources(json);

  DefaultScimDirectory(SignInContext context) {
    this.context = context;
    this.config = context.config();
    this.accounts = context.capability(ModuleAccounts.class);
    this.audit = context.capability(ModuleAudit.class);
    this.limits = context.capability(ModuleLimits.class);
    this.sessions = context.capability(ModuleSessions.class);
    this.secrets = context.capability(SecretHasher.class);
    this.directory = context.feature(OrganizationDirectory.class).orElseThrow();
    // The directory's word is final: a member it suspended or removed signs in no way.
    context.hook(this);
  }

  // --- the directory's sign-in guard ---

  @Override
  public @Nullable RejectedInputException refusal(
      StoreTransaction tx, UserRecord account, String method, Instant now) {
    return DirectoryMembers.barred(tx, account.publicId())
        ? new RejectedInputException(
            ErrorCode.ACCOUNT_DISABLED, "the organisation's directory suspended the account")
        : null;
  }

  // --- the directory token ---

  @Override
  public IssuedToken issueToken(VerifiedAccessToken caller, UUID organization) {
    UUID by = mayManage(caller, organization, "scim.issue_token");
    Presented token = Presented.random();
    Instant now = now();
    context
        .store()
        .inTransaction(
            tx -> {
              directory
                  .organization(tx, organization)
                  .orElseThrow(
                      () -> new NotFoundException(OrganizationErrors.ORGANIZATION_NOT_FOUND));
              DirectoryTokens.replace(
                  tx, new Stored(organization, token.id(), token.hash(secrets), by, now, null));
              audit.publish(
                  tx, new DirectoryEvent(now, by, organization, DirectoryEvent.TOKEN_ISSUED));
              return null;
            });
    return new IssuedToken(token.text(), now);
  }

  @Override
  public boolean revokeToken(VerifiedAccessToken caller, UUID organization) {
    UUID by = mayManage(caller, organization, "scim.revoke_token");
    Instant now = now();
    return context
        .store()
        .inTransaction(
            tx -> {
              boolean had = DirectoryTokens.delete(tx, organization);
              if (had) {
                audit.publish(
                    tx, new DirectoryEvent(now, by, organization, DirectoryEvent.TOKEN_REVOKED));
              }
              return had;
            });
  }

  @Override
  public Optional<TokenState> tokenState(VerifiedAccessToken caller, UUID organization) {
    mayManage(caller, organization, "scim.token_state");
    return context
        .store()
        .inTransaction(tx -> DirectoryTokens.ofOrganization(tx, organization))
        .map(s -> new TokenState(s.issuedAt(), s.issuedBy(), s.lastUsedAt()));
  }

  /** {@return the caller, an owner of the organisation or a member of staff} */
  private UUID mayManage(VerifiedAccessToken caller, UUID organization, String operation) {
    requireNonNull(caller, "caller");
    requireNonNull(organization, "organization");
    UserRecord account = accounts.caller(caller);
    if (!directory.owns(account.publicId(), organization)) {
      accounts.staff(caller, operation);
    }
    return account.publicId();
  }

  // --- the SCIM endpoints ---

  @Override
  public ScimResponse handle(ScimRequest request) {
    requireNonNull(request, "request");
    try {
      return answer(request);
    } catch (ScimProblem p) {
      return new ScimResponse(p.status, json.error(p.status, p.scimType, p.getMessage()), null);
    }
  }

  private ScimResponse answer(ScimRequest request) {
    Instant now = now();
    List<String> path = Arrays.stream(request.path().split("/")).filter(s -> !s.isEmpty()).toList();
    String ip = request.client().ipAddress();
    if (limits
        .counting(
            List.of(), now, tx -> limits.countNetwork(tx, ScimCounters.NETWORK_REQUESTS, ip, now))
        .isPresent()) {
      throw ScimProblem.tooMany();
    }
    UUID organization = path.isEmpty() ? null : uuid(path.get(0));
    Stored token = authenticate(request.authorization(), organization, now);
    if (limits
        .counting(
            List.of(ScimCounters.TOKEN_REQUESTS.key(token.id())),
            now,
            tx -> ScimCounters.TOKEN_REQUESTS.count(config, tx, now, token.id()))
        .isPresent()) {
      throw ScimProblem.tooMany();
    }
    String method = request.method().toUpperCase(Locale.ROOT);
    List<String> rest = path.subList(1, path.size());
    if (rest.isEmpty()) {
      throw ScimProblem.notFound("no such endpoint");
    }
    String endpoint = rest.get(0).toLowerCase(Locale.ROOT);
    return switch (endpoint) {
      case "serviceproviderconfig" -> {
        only(method, "GET", rest, 1);
        yield ok(json.serviceProviderConfig(config.get(ScimSettings.MAX_RESULTS)));
      }
      case "resourcetypes" -> {
        only(method, "GET", rest, 2);
        if (rest.size() == 1) {
          yield ok(json.listOf(List.of(json.userResourceType())));
        }
        if (!rest.get(1).equals("User")) {
          throw ScimProblem.notFound("no such resource type");
        }
        yield ok(json.write(json.userResourceType()));
      }
      case "schemas" -> {
        only(method, "GET", rest, 2);
        if (rest.size() == 1) {
          yield ok(json.listOf(List.of(json.userSchema())));
        }
        if (!rest.get(1).equals(ScimUser.SCHEMA_URI)) {
          throw ScimProblem.notFound("no such schema");
        }
        yield ok(json.write(json.userSchema()));
      }
      case "users" -> users(method, organization, rest, request, now);
      default -> throw ScimProblem.notFound("no such endpoint");
    };
  }

  private ScimResponse users(
      String method, UUID organization, List<String> rest, ScimRequest request, Instant now) {
    if (rest.size() > 2) {
      throw ScimProblem.notFound("no such endpoint");
    }
    if (rest.size() == 1) {
      return switch (method) {
        case "GET" -> ok(list(organization, request));
        case "POST" -> create(organization, request, now);
        default -> throw ScimProblem.methodNotAllowed();
      };
    }
    UUID id = uuid(rest.get(1));
    if (id == null) {
      throw ScimProblem.notFound("no such user");
    }
    return switch (method) {
      case "GET" ->
          ok(json.write(resources.resource(inTransaction(tx -> member(tx, organization, id)))));
      case "PUT" -> ok(json.write(resources.resource(replace(organization, id, request, now))));
      case "PATCH" -> ok(json.write(resources.resource(patch(organization, id, request, now))));
      case "DELETE" -> {
        delete(organization, id, now);
        yield new ScimResponse(204, "", null);
      }
      default -> throw ScimProblem.methodNotAllowed();
    };
  }

  /** {@return the token of the organisation the request names, or a 401 whatever was wrong} */
  private Stored authenticate(
      @Nullable String authorization, @Nullable UUID organization, Instant now) {
    Optional<Presented> presented = Optional.empty();
    if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      presented = Presented.parse(authorization.substring(7).strip());
    }
    if (presented.isEmpty() || organization == null) {
      throw ScimProblem.unauthorized();
    }
    Presented p = presented.get();
    Stored token =
        context
            .store()
            .inTransaction(
                tx ->
                    DirectoryTokens.byId(tx, p.id())
                        .filter(t -> t.organization().equals(organization))
                        .filter(t -> directory.organization(tx, organization).isPresent()))
            .filter(t -> p.matches(secrets, t.hash()))
            .orElseThrow(ScimProblem::unauthorized);
    // The last sync the owners see, kept to the minute: not a write per request.
    if (token.lastUsedAt() == null
        || token.lastUsedAt().isBefore(now.minus(Duration.ofMinutes(1)))) {
      context
          .store()
          .inTransaction(
              tx -> {
                DirectoryTokens.used(tx, token.id(), now);
                return null;
              });
    }
    return token;
  }

  private String list(UUID organization, ScimRequest request) {
    String filterText = request.query().get("filter");
    Predicate<Member> filter =
        filterText == null || filterText.isBlank() ? m -> true : MemberFilter.parse(filterText);
    int max = config.get(ScimSettings.MAX_RESULTS);
    int startIndex = Math.max(1, number(request.query().get("startIndex"), 1));
    int count = Math.min(max, Math.max(0, number(request.query().get("count"), max)));
    List<Member> matched =
        inTransaction(tx -> DirectoryMembers.of(tx, organization)).stream()
            .sorted(Comparator.comparing(Member::createdAt).thenComparing(Member::id))
            .filter(filter)
            .toList();
    List<ObjectNode> page =
        matched.stream().skip(startIndex - 1L).limit(count).map(resources::resource).toList();
    return json.list(page, matched.size(), startIndex);
  }

  private ScimResponse create(UUID organization, ScimRequest request, Instant now) {
    Attributes a = resources.attributes(resources.read(request.body()), true);
    Member created =
        inTransaction(
            tx -> {
              if (DirectoryMembers.byUserName(tx, organization, a.userName()).isPresent()) {
                throw ScimProblem.uniqueness("the organisation has a user of this userName");
              }
              String email = a.email();
              if (email == null) {
                throw ScimProblem.invalidValue(
                    "a member needs a work address (in emails, or as the userName)");
              }
              ourAddress(tx, organization, email);
              String canonical = EmailAddresses.canonical(email);
              Optional<UserRecord> existing = tx.users().findByEmail(canonical);
              Optional<Member> before = Optional.empty();
              UserRecord account;
              if (existing.isPresent()) {
                account = existing.get();
                if (account.deleted()) {
                  throw ScimProblem.uniqueness("the address belongs to a deleted account");
                }
                before = DirectoryMembers.byAccount(tx, organization, account.publicId());
                if (before.isPresent() && before.get().state() != State.REMOVED) {
                  throw ScimProblem.uniqueness("the account is provisioned as another user");
                }
              } else {
                account = newAccount(tx, email, canonical, now, request.client());
              }
              UUID id = account.publicId();
              String role = OrganizationRole.MEMBER;
              if (a.active()) {
                role = directory.join(tx, organization, id, OrganizationRole.MEMBER).role();
              }
              Member m =
                  new Member(
                      UUID.randomUUID(),
                      organization,
                      id,
                      a.userName(),
                      a.externalId(),
                      a.givenName(),
                      a.familyName(),
                      a.displayName(),
                      email,
                      a.active() ? State.ACTIVE : State.SUSPENDED,
                      role,
                      existing.isEmpty() || before.map(Member::createdAccount).orElse(false),
                      now,
                      now);
              if (before.isPresent()) {
                DirectoryMembers.update(tx, m);
              } else {
                DirectoryMembers.insert(tx, m);
              }
              if (!a.active()) {
                sessions.endSessions(tx, id, "scim_suspended");
              }
              audit.publish(
                  tx, new DirectoryEvent(now, id, organization, DirectoryEvent.PROVISIONED));
              return m;
            });
    return new ScimResponse(
        201,
        json.write(resources.resource(created)),
        "/" + organization + "/" + USERS + "/" + created.id());
  }

  private UserRecord newAccount(
      StoreTransaction tx, String email, String canonical, Instant now, ClientInfo client) {
    UserRecord account =
        accounts.createAccount(
            tx,
            AccountFactory.of(config)
                .newAccount(now)
                .verified(true)
                .email(EmailAddresses.normalize(email), canonical)
                // The organisation verified the domain: its directory speaks for its addresses.
                .emailVerified(true)
                .build());
    accounts.accountChanged(tx, AccountChange.Kind.CREATED, null, account.publicId(), now);
    audit.publish(
        tx, new AuthEvent.Registered(now, account.publicId(), ClientInfo.originOf(config, client)));
    return account;
  }

  private Member replace(UUID organization, UUID id, ScimRequest request, Instant now) {
    ScimUser user = resources.read(request.body());
    return inTransaction(
        tx -> {
          Member m = member(tx, organization, id);
          return apply(tx, m, resources.attributes(user, m.active()), now);
        });
  }

  private Member patch(UUID organization, UUID id, ScimRequest request, Instant now) {
    List<PatchOperation> operations = resources.operations(request.body());
    return inTransaction(
        tx -> {
          Member m = member(tx, organization, id);
          ScimUser patched;
          try {
            patched = json.patches.apply(resources.user(m), operations);
          } catch (RuntimeException e) {
            throw ScimProblem.badRequest("invalidPath", "the operations do not apply to the user");
          }
          return apply(tx, m, resources.attributes(patched, m.active()), now);
        });
  }

  /**
   * Applies what the directory now says of a member in the request's transaction: its attributes,
   * and a change of {@code active}, which ends the membership and every session of the account, or
   * restores the membership (and nothing else).
   */
  private Member apply(StoreTransaction tx, Member m, Attributes a, Instant now) {
    UUID org = m.organization();
    if (!DirectoryMembers.key(a.userName()).equals(DirectoryMembers.key(m.userName()))
        && DirectoryMembers.byUserName(tx, org, a.userName()).isPresent()) {
      throw ScimProblem.uniqueness("the organisation has a user of this userName");
    }
    if (a.email() != null
        && !a.email().equalsIgnoreCase(Objects.requireNonNullElse(m.email(), ""))) {
      ourAddress(tx, org, a.email());
    }
    State state = m.state();
    String role = m.role();
    String change = DirectoryEvent.UPDATED;
    if (m.active() && !a.active()) {
      role = end(tx, m);
      sessions.endSessions(tx, m.account(), "scim_suspended");
      state = State.SUSPENDED;
      change = DirectoryEvent.SUSPENDED;
    } else if (!m.active() && a.active()) {
      role = directory.join(tx, org, m.account(), m.role()).role();
      state = State.ACTIVE;
      change = DirectoryEvent.REACTIVATED;
    }
    Member n =
        new Member(
            m.id(),
            org,
            m.account(),
            a.userName(),
            a.externalId(),
            a.givenName(),
            a.familyName(),
            a.displayName(),
            a.email() == null ? m.email() : a.email(),
            state,
            role,
            m.createdAccount(),
            m.createdAt(),
            now);
    DirectoryMembers.update(tx, n);
    audit.publish(tx, new DirectoryEvent(now, m.account(), org, change));
    return n;
  }

  private void delete(UUID organization, UUID id, Instant now) {
    inTransaction(
        tx -> {
          Member m = member(tx, organization, id);
          String role = m.active() ? end(tx, m) : m.role();
          sessions.endSessions(tx, m.account(), "scim_removed");
          DirectoryMembers.update(
              tx,
              new Member(
                  m.id(),
                  organization,
                  m.account(),
                  m.userName(),
                  m.externalId(),
                  m.givenName(),
                  m.familyName(),
                  m.displayName(),
                  m.email(),
                  State.REMOVED,
                  role,
                  m.createdAccount(),
                  m.createdAt(),
                  now));
          audit.publish(
              tx, new DirectoryEvent(now, m.account(), organization, DirectoryEvent.REMOVED));
          return null;
        });
  }

  /** Ends the member's membership; {@return its role, to restore on a reactivation} */
  private String end(StoreTransaction tx, Member m) {
    try {
      return directory
          .remove(tx, m.organization(), m.account())
          .map(Membership::role)
          .orElse(m.role());
    } catch (RejectedInputException e) {
      throw ScimProblem.badRequest("mutability", "the organisation's last owner stays a member");
    }
  }

  private void ourAddress(StoreTransaction tx, UUID organization, String email) {
    if (!email.contains("@") || !directory.inVerifiedDomain(tx, organization, email)) {
      throw ScimProblem.invalidValue("the address is not in a verified domain of the organisation");
    }
  }

  private static Member member(StoreTransaction tx, UUID organization, UUID id) {
    return DirectoryMembers.find(tx, organization, id)
        .orElseThrow(() -> ScimProblem.notFound("no such user"));
  }

  private <T> T inTransaction(Function<StoreTransaction, T> work) {
    try {
      return context.store().inTransaction(work::apply);
    } catch (StoreTransaction.DuplicateKeyException e) {
      // Two creates of one name or account at once: the second finds the first's row.
      throw ScimProblem.uniqueness("the user was provisioned by a concurrent request");
    }
  }

  private static void only(String method, String allowed, List<String> rest, int maxSegments) {
    if (rest.size() > maxSegments) {
      throw ScimProblem.notFound("no such endpoint");
    }
    if (!method.equals(allowed)) {
      throw ScimProblem.methodNotAllowed();
    }
  }

  private static ScimResponse ok(String body) {
    return new ScimResponse(200, body, null);
  }

  private static int number(@Nullable String text, int absent) {
    if (text == null || text.isBlank()) {
      return absent;
    }
    try {
      return Integer.parseInt(text.strip());
    } catch (NumberFormatException e) {
      throw ScimProblem.invalidValue("startIndex and count are integers");
    }
  }

  private static @Nullable UUID uuid(String text) {
    if (!text.matches("[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}")) {
      return null;
    }
    return UUID.fromString(text);
  }

  private Instant now() {
    // The store keeps instants to the microsecond: an answer says what a later read says.
    return context.clock().instant().truncatedTo(ChronoUnit.MICROS);
  }
}
