package dev.gatehouse.core.session.internal;

import static java.util.Objects.requireNonNull;

import com.nimbusds.jose.util.JSONObjectUtils;
import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.config.ProfileSettings;
import dev.gatehouse.core.error.AuthException.NotFoundException;
import dev.gatehouse.core.error.AuthException.RejectedInputException;
import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.internal.AccountChanges;
import dev.gatehouse.core.session.ProfileService;
import dev.gatehouse.core.session.ProfileService.Me;
import dev.gatehouse.core.session.ProfileService.ProfileInput;
import dev.gatehouse.core.session.ProfileService.ProfileView;
import dev.gatehouse.core.session.SessionService.TokenPair;
import dev.gatehouse.core.store.AuthStore;
import dev.gatehouse.core.store.ProfileStore;
import dev.gatehouse.core.store.ProfileStore.ProfileRecord;
import dev.gatehouse.core.store.SessionStore;
import dev.gatehouse.core.store.SessionStore.SessionState;
import dev.gatehouse.core.store.StoreTransaction;
import dev.gatehouse.core.store.UserRecord;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** The {@link ProfileService} the facade builds. Internal: not API. */
public final class DefaultProfileService implements ProfileService {
  private static final int LABEL_MAX = 100;
  private static final int SETTINGS_MAX = 4000;
  private final GatehouseConfig config;
  private final Clock clock;
  private final AuthStore store;
  private final SessionTokens sessionTokens;
  private final UserIntegers userIntegers;
  private final AccountChanges accountChanges;

  /** Built by the facade's wiring. */
  public DefaultProfileService(
      GatehouseConfig config,
      Clock clock,
      AuthStore store,
      SessionTokens sessionTokens,
      UserIntegers userIntegers,
      AccountChanges accountChanges) {
    this.accountChanges = accountChanges;
    this.sessionTokens = sessionTokens;
    this.userIntegers = userIntegers;
    this.config = config;
    this.clock = clock;
    this.store = store;
  }

  @Override
  public OptionalLong integerId(UUID userPublicId) {
    requireNonNull(userPublicId, "userPublicId");
    if (!userIntegers.enabled()) {
      return OptionalLong.empty();
    }
    return store.inTransaction(tx -> userIntegers.of(tx, userPublicId));
  }

  @Override
  public List<ProfileView> list(UUID userPublicId) {
    requireNonNull(userPublicId, "userPublicId");
    return store.inTransaction(
        tx -> {
          owner(tx, userPublicId);
          return tx.profiles().list(userPublicId).stream().map(Views::profile).toList();
        });
  }

  @Override
  public ProfileView create(UUID userPublicId, ProfileInput input) {
    requireNonNull(userPublicId, "userPublicId");
    requireNonNull(input, "input");
    String role =
        input.role() == null ? config.get(ProfileSettings.DEFAULT_PROFILE_ROLE) : input.role();
    validate(new ProfileInput(role, input.label(), input.settingsJson(), null, false));
    Instant now = clock.instant();
    return store.inTransaction(
        tx -> {
          owner(tx, userPublicId);
          ProfileStore profiles = tx.profiles();
          int existing = profiles.list(userPublicId).size();
          if (existing >= config.get(ProfileSettings.PROFILE_MAX_PER_USER)) {
            throw new RejectedInputException(
                ErrorCode.TOO_MANY_PROFILES,
                "this account has as many profiles as it may have; delete one first");
          }
          boolean first = existing == 0;
          ProfileRecord p =
              profiles.create(
                  new ProfileRecord(
                      null,
                      userPublicId,
                      role,
                      label(input.label()),
                      input.settingsJson(),
                      input.active() == null || input.active(),
                      first,
                      now,
                      now,
                      input.person()));
          if (!first && input.makeDefault()) {
            ProfileRecord before = listened(tx, userPublicId, now);
            profiles.makeDefault(userPublicId, p.id(), now);
            p = p.withDefaultProfile(true);
            if (before != null) {
              accountChanges.recordProfile(tx, before, p, now);
            }
          }
          return Views.profile(p);
        });
  }

  @Override
  public ProfileView update(UUID userPublicId, long profileId, ProfileInput input) {
    requireNonNull(userPublicId, "userPublicId");
    requireNonNull(input, "input");
    validate(input);
    Instant now = clock.instant();
    return store.inTransaction(
        tx -> {
          ProfileRecord p = profile(tx, userPublicId, profileId);
          // The default profile before, for the account-change listener (the write-back).
          ProfileRecord defaultBefore =
              p.defaultProfile() || !input.makeDefault() ? p : listened(tx, userPublicId, now);
          boolean willBeDefault = p.defaultProfile() || input.makeDefault();
          if (willBeDefault && Boolean.FALSE.equals(input.active())) {
            throw new RejectedInputException(
                ErrorCode.DEFAULT_PROFILE_INACTIVE, "the default profile cannot be deactivated");
          }
          if (input.makeDefault() && !p.active() && !Boolean.TRUE.equals(input.active())) {
            throw new RejectedInputException(
                ErrorCode.DEFAULT_PROFILE_INACTIVE, "an inactive profile cannot be the default");
          }
          ProfileRecord changed =
              new ProfileRecord(
                  p.id(),
                  userPublicId,
                  input.role() != null ? input.role() : p.role(),
                  input.label() != null ? label(input.label()) : p.label(),
                  input.settingsJson() != null ? input.settingsJson() : p.settingsJson(),
                  input.active() != null ? input.active() : p.active(),
                  willBeDefault,
                  p.createdAt(),
                  now,
                  input.person() != null ? input.person() : p.person());
          tx.profiles().update(changed);
          if (input.makeDefault() && !p.defaultProfile()) {
            tx.profiles().makeDefault(userPublicId, p.id(), now);
          }
          if (willBeDefault && defaultBefore != null) {
            accountChanges.recordProfile(tx, defaultBefore, changed, now);
          }
          return Views.profile(changed);
        });
  }

  @Override
  public void delete(UUID userPublicId, long profileId) {
    requireNonNull(userPublicId, "userPublicId");
    store.inTransaction(
        tx -> {
          ProfileRecord p = profile(tx, userPublicId, profileId);
          if (p.defaultProfile()) {
            throw new RejectedInputException(
                ErrorCode.DEFAULT_PROFILE,
                "the default profile cannot be deleted; make another profile the default first");
          }
          tx.profiles().delete(userPublicId, p.id());
          return null;
        });
  }

  @Override
  public TokenPair switchProfile(UUID userPublicId, long profileId, String sessionId) {
    requireNonNull(userPublicId, "userPublicId");
    requireNonNull(sessionId, "sessionId");
    Instant now = clock.instant();
    return store.inTransaction(
        tx -> {
          ProfileRecord p = profile(tx, userPublicId, profileId);
          if (!p.active()) {
            throw new RejectedInputException(ErrorCode.PROFILE_INACTIVE, "the profile is inactive");
          }
          SessionStore store = tx.sessions();
          SessionState s =
              store
                  .findSession(sessionId)
                  .filter(x -> x.userPublicId().equals(userPublicId) && x.liveAt(now))
                  .orElseThrow(() -> new NotFoundException(ErrorCode.SESSION_NOT_FOUND));
          String next = sessionTokens.replaceToken(store, s, now);
          if (next == null) {
            throw new NotFoundException(ErrorCode.SESSION_NOT_FOUND);
          }
          store.setSessionProfile(sessionId, p.id());
          return sessionTokens.pair(
              tx,
              userPublicId,
              null,
              null,
              sessionId,
              s.amr(),
              p.id(),
              s.authTime(),
              next,
              sessionTokens.claimsHeld(tx, s));
        });
  }

  @Override
  public Me me(UUID userPublicId, @Nullable String profileClaim) {
    requireNonNull(userPublicId, "userPublicId");
    return store.inTransaction(
        tx -> {
          UserRecord user = owner(tx, userPublicId);
          return Views.me(user, tx.profiles().list(userPublicId), profileClaim);
        });
  }

  // ---- helpers
  // -----------------------------------------------------------------------------------

  private static UserRecord owner(StoreTransaction tx, UUID userPublicId) {
    return tx.users()
        .findByPublicId(userPublicId)
        .filter(SessionTokens::maySignIn)
        .orElseThrow(() -> new NotFoundException(ErrorCode.USER_NOT_FOUND));
  }

  /** The default profile, read only while an account-change listener listens. */
  private @Nullable ProfileRecord listened(StoreTransaction tx, UUID userPublicId, Instant now) {
    return accountChanges.isListening(now)
        ? tx.profiles().findDefault(userPublicId).orElse(null)
        : null;
  }

  private static ProfileRecord profile(StoreTransaction tx, UUID userPublicId, long profileId) {
    owner(tx, userPublicId);
    return tx.profiles()
        .find(userPublicId, profileId)
        .orElseThrow(() -> new NotFoundException(ErrorCode.PROFILE_NOT_FOUND));
  }

  private void validate(ProfileInput input) {
    if (input.role() != null && !config.get(ProfileSettings.PROFILE_ROLES).contains(input.role())) {
      throw new RejectedInputException(
          ErrorCode.INVALID_ROLE,
          "role must be one of " + config.get(ProfileSettings.PROFILE_ROLES));
    }
    if (input.label() != null && input.label().strip().length() > LABEL_MAX) {
      throw new RejectedInputException(
          ErrorCode.INVALID_LABEL, "label must be at most " + LABEL_MAX + " characters");
    }
    if (input.settingsJson() != null) {
      boolean ok = input.settingsJson().length() <= SETTINGS_MAX;
      if (ok) {
        try {
          JSONObjectUtils.parse(input.settingsJson());
        } catch (ParseException e) {
          ok = false;
        }
      }
      if (!ok) {
        throw new RejectedInputException(
            ErrorCode.INVALID_SETTINGS,
            "settings must be a JSON object of at most " + SETTINGS_MAX + " characters");
      }
    }
  }

  private static String label(String label) {
    if (label == null) {
      return null;
    }
    String s = label.strip();
    return s.isEmpty() ? null : s;
  }

  /** {@return a profile id claim as a number, or empty when it is not one} */
  static Optional<Long> parseId(String claim) {
    if (claim == null || claim.isEmpty() || claim.length() > 19) {
      return Optional.empty();
    }
    for (int i = 0; i < claim.length(); i++) {
      if (!Character.isDigit(claim.charAt(i))) {
        return Optional.empty();
      }
    }
    return Optional.of(Long.parseLong(claim));
  }
}
