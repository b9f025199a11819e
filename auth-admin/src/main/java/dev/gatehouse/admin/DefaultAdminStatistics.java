package dev.gatehouse.admin;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.error.AuthException.RejectedInputException;
import dev.gatehouse.core.session.SignInContext;
import dev.gatehouse.core.store.AuditStore.EventCount;
import dev.gatehouse.core.store.DeliveryLogStore.DeliveryCount;
import dev.gatehouse.core.store.StoreTransaction;
import dev.gatehouse.core.token.AccessTokenVerifier.VerifiedAccessToken;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** {@link AdminStatistics} over the audit trail's counting query. */
final class DefaultAdminStatistics implements AdminStatistics {
  private static final String SIGN_IN = "LoggedIn";
  private static final String FAILURE = "LoginFailed";
  private static final String LOCKOUT = "Locked";
  private static final Set<String> COUNTED = Set.of(SIGN_IN, FAILURE, LOCKOUT);
  private static final List<String> CHANNELS = List.of("email", "sms");

  /** A method-less entry's key, never a method's name. */
  private static final String NONE = "none";

  private final SignInContext context;
  // The one permission check and read audit of the module: the admin service's own.
  private final DefaultAdminService admin;

  DefaultAdminStatistics(SignInContext context) {
    this.context = requireNonNull(context, "context");
    this.admin = new DefaultAdminService(context);
  }

  @Override
  public List<Day> daily(VerifiedAccessToken caller, LocalDate from, LocalDate to) {
    requireNonNull(from, "from");
    requireNonNull(to, "to");
    admin.staff(caller, "statistics");
    long days = ChronoUnit.DAYS.between(from, to) + 1;
    if (days < 1 || days > MAX_DAYS) {
      throw new RejectedInputException(
          AdminErrors.INVALID_RANGE,
          "the range must be 1 to " + MAX_DAYS + " days, from before to");
    }
    List<Day> answer = read(from, to);
    context
        .store()
        .inTransaction(
            tx -> {
              admin.read(tx, caller, caller.userPublicId(), "statistics", from + ".." + to);
              return null;
            });
    return answer;
  }

  @Override
  public Day counts(LocalDate day) {
    requireNonNull(day, "day");
    return read(day, day).get(0);
  }

  /** The counts of each day, in one transaction of the store for stale reads. */
  private List<Day> read(LocalDate from, LocalDate to) {
    Instant now = context.clock().instant();
    // The counts may be stale (a replica's, when the host routes stale reads to one); the read's
    // audit row is a write, on the main store.
    return context
        .staleReads()
        .inTransaction(
            tx -> {
              List<Day> found = new ArrayList<>();
              for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) {
                Instant start = day.atStartOfDay(ZoneOffset.UTC).toInstant();
                Instant end = day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
                found.add(
                    day(
                        day,
                        tx.audit().count(start, end, COUNTED),
                        deliveries(tx, start, end),
                        codes(tx, start, end, now)));
              }
              return found;
            });
  }

  private static List<Delivery> deliveries(StoreTransaction tx, Instant start, Instant end) {
    List<Delivery> deliveries = new ArrayList<>();
    for (String channel : CHANNELS) {
      for (DeliveryCount c : tx.deliveryLogs().count(channel, start, end)) {
        deliveries.add(
            new Delivery(
                channel,
                c.template(),
                c.provider(),
                c.status().name().toLowerCase(Locale.ROOT),
                c.count()));
      }
    }
    deliveries.sort(
        Comparator.comparing(Delivery::channel)
            .thenComparing(Delivery::purpose)
            .thenComparing(Delivery::provider)
            .thenComparing(Delivery::outcome));
    return deliveries;
  }

  private static List<Codes> codes(StoreTransaction tx, Instant start, Instant end, Instant now) {
    return tx.otpCodes().count(start, end, now).stream()
        .map(
            c ->
                new Codes(
                    c.channel(),
                    c.purpose(),
                    c.sent(),
                    c.verified(),
                    c.expired(),
                    c.burned(),
                    c.replaced()))
        .sorted(Comparator.comparing(Codes::channel).thenComparing(Codes::purpose))
        .toList();
  }

  private static Day day(
      LocalDate day, List<EventCount> counts, List<Delivery> deliveries, List<Codes> codes) {
    Map<String, Long> signIns = new HashMap<>();
    Map<String, Long> failures = new HashMap<>();
    long lockouts = 0;
    for (EventCount c : counts) {
      String method = c.method() == null ? NONE : c.method();
      switch (c.event()) {
        case SIGN_IN -> signIns.merge(method, c.count(), Long::sum);
        case FAILURE -> failures.merge(method, c.count(), Long::sum);
        default -> lockouts += c.count();
      }
    }
    return new Day(day, signIns, failures, lockouts, deliveries, codes);
  }
}
