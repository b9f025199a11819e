package dev.gatehouse.core.magiclink.internal;

import dev.gatehouse.core.account.AccountFactory;
import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.config.MagicLinkSettings;
import dev.gatehouse.core.error.AuthException;
import dev.gatehouse.core.error.AuthException.RateLimitedException;
import dev.gatehouse.core.error.AuthException.RejectedInputException;
import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.event.AuthEvent;
import dev.gatehouse.core.identity.EmailAddresses;
import dev.gatehouse.core.internal.Counters;
import dev.gatehouse.core.internal.SecurityEvents;
import dev.gatehouse.core.internal.WriteBack;
import dev.gatehouse.core.migration.LegacyWriteBack.LegacyChange;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.session.internal.CredentialCheck;
import dev.gatehouse.core.store.CounterStore.CounterState;
import dev.gatehouse.core.store.StoreTransaction;
import dev.gatehouse.core.store.UserRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The emailed link, or its code, as a credential: each works once (the link's use ends its code
 * too), then the address's account signs in (or is created, when sign-up by link is open).
 */
abstract sealed class LinkCheck implements CredentialCheck {
  /** The method events and metrics name. */
  static final String METHOD = "magic_link";

  /** How the user authenticated: a secret sent to their mailbox. */
  private static final List<String> AMR = List.of("link", "email");

  final GatehouseConfig config;
  final SecurityEvents events;
  final WriteBack writeBack;
  final AccountFactory factory;
  final MagicLinkTokens tokens;
  private final ClientInfo client;

  LinkCheck(
      GatehouseConfig config,
      SecurityEvents events,
      WriteBack writeBack,
      AccountFactory factory,
      MagicLinkTokens tokens,
      ClientInfo client) {
    this.config = config;
    this.events = events;
    this.writeBack = writeBack;
    this.factory = factory;
    this.tokens = tokens;
    this.client = client == null ? ClientInfo.web() : client;
  }

  @Override
  public String method() {
    return METHOD;
  }

  /** The refusal for anything wrong with this credential, whatever it was. */
  abstract AuthException refusal();

  @Override
  public AuthException inactiveAccount(UserRecord user) {
    return refusal();
  }

  /** The address's account, after the credential was spent: proven, created, or refused. */
  Proof owner(StoreTransaction tx, String canonical, String address, Instant now) {
    Optional<UserRecord> found = tx.users().findByEmail(canonical);
    if (found.isEmpty()) {
      if (!config.get(MagicLinkSettings.MAGIC_LINK_SIGNUP_ALLOWED)) {
        return new Refused(refusal(), null);
      }
      UserRecord created =
          factory.create(tx, DefaultMagicLinkService.newAccount(canonical, address, now));
      writeBack.record(tx, LegacyChange.Kind.CREATED, null, created.publicId(), null, now);
      events.publish(
          tx,
          new AuthEvent.Registered(now, created.publicId(), ClientInfo.originOf(config, client)));
      return new Proven(created, AMR, true, false);
    }
    UserRecord user = found.get();
    if (!user.active() || user.deleted()) {
      return new Refused(refusal(), user.publicId());
    }
    return new Proven(
        DefaultMagicLinkService.proveMailbox(events, writeBack, tx, user, now), AMR, false, false);
  }

  /** The link itself, opened and bound-checked before the transaction. */
  static final class ByLink extends LinkCheck {
    private final MagicLinkTokens.Link link;

    ByLink(
        GatehouseConfig config,
        SecurityEvents events,
        WriteBack writeBack,
        AccountFactory factory,
        MagicLinkTokens tokens,
        MagicLinkTokens.Link link,
        ClientInfo client) {
      super(config, events, writeBack, factory, tokens, client);
      this.link = link;
    }

    @Override
    public Proof check(StoreTransaction tx, Instant now) {
      if (tokens.usedLink(link).spend(tx, now).isPresent()) {
        return new Refused(refusal(), null);
      }
      // The email's code dies with its link (whether or not it was used already).
      tokens.usedCode(link.canonical(), link.issuedMinute()).spend(tx, now);
      return owner(tx, link.canonical(), link.address(), now);
    }

    @Override
    AuthException refusal() {
      return MagicLinkTokens.invalidLink();
    }
  }

  /** The link's code, typed on any device; wrong guesses are counted per address. */
  static final class ByCode extends LinkCheck {
    private final String email;
    private final String canonical;
    private final String presented;

    ByCode(
        GatehouseConfig config,
        SecurityEvents events,
        WriteBack writeBack,
        AccountFactory factory,
        MagicLinkTokens tokens,
        String email,
        String canonical,
        String presented,
        ClientInfo client) {
      super(config, events, writeBack, factory, tokens, client);
      this.email = email;
      this.canonical = canonical;
      this.presented = presented;
    }

    @Override
    public Proof check(StoreTransaction tx, Instant now) {
      // Every attempt is counted before its code is compared, in one atomic statement: of any
      // number of concurrent guesses, at most the limit are ever compared.
      Counters limit = Counters.MAGIC_LINK_CODE_ATTEMPTS;
      String hashed = tokens.attemptsPart(canonical);
      String attempts = limit.key(hashed);
      int max = limit.max(config);
      Duration window = limit.window(config);
      CounterState counted = tx.counters().increment(attempts, now, window);
      if (counted.count() > max) {
        return new Refused(tooMany(counted, window, now), null);
      }
      OptionalLong minute = tokens.matchingMinute(canonical, presented, now);
      if (minute.isEmpty()) {
        return new Refused(
            counted.count() >= max ? tooMany(counted, window, now) : refusal(), null);
      }
      if (tokens.usedCode(canonical, minute.getAsLong()).spend(tx, now).isPresent()) {
        return new Refused(refusal(), null);
      }
      tx.counters().reset(attempts);
      return owner(tx, canonical, EmailAddresses.normalize(email), now);
    }

    @Override
    AuthException refusal() {
      return new RejectedInputException(ErrorCode.INVALID_CODE, "the code is wrong or expired");
    }

    private static RateLimitedException tooMany(CounterState state, Duration window, Instant now) {
      return new RateLimitedException(
          ErrorCode.RATE_LIMITED,
          "too many wrong codes for this address; ask for a new link later",
          Counters.until(state, window, now));
    }
  }
}
