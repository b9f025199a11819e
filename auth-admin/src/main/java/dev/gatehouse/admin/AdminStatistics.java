package dev.gatehouse.admin;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.token.AccessTokenVerifier.VerifiedAccessToken;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * How sign-ins go, per day (UTC) and per method, counted from the audit trail: sign-ins, failed
 * sign-ins and lockouts; the day's one-time codes by channel and purpose, sent, verified, expired,
 * burned and replaced, counted from the code table; and the day's deliveries (codes, links and
 * notices by SMS and email) by purpose, provider and outcome, counted from the host's delivery
 * logs. From {@code gatehouse.feature(AdminStatistics.class)} once {@link Administration} is
 * installed. A refresh is no sign-in and is not counted.
 *
 * <p>Only a caller whose session is alive and whose account is active and staff or superuser may
 * read statistics, as for {@link AdminService}; anyone else is refused with {@code forbidden}, kept
 * in the audit trail ({@code AdminRefused}). Each read leaves an {@code AdminAction} audit entry
 * ({@code statistics}) whose subject is the staff member and whose detail is the range.
 *
 * <p>Each day is one counting statement over the audit trail's index on time ({@code
 * ix_gh_audit_event_time} in auth-jpa), a range of the index read, never the table; one over the
 * code table's index on creation time ({@code ix_<code table>_created}) and one per delivery log
 * over its index on creation time ({@code ix_..._created}), the day's rows read.
 *
 * <pre>{@code
 * AdminStatistics stats = gatehouse.feature(AdminStatistics.class);
 * List<AdminStatistics.Day> week =
 *     stats.daily(staffToken, LocalDate.parse("2026-03-01"), LocalDate.parse("2026-03-07"));
 * long passwordSignIns = week.get(0).signIns().getOrDefault("pwd", 0L);
 * }</pre>
 *
 * <p>Implementations are thread-safe.
 */
public interface AdminStatistics {
  /** The most days one read spans. */
  int MAX_DAYS = 92;

  /**
   * The counts of each day from {@code from} to {@code to}, both included, in UTC.
   *
   * @param caller the staff member's verified access token
   * @param from the first day
   * @param to the last day, not before {@code from} and at most {@link #MAX_DAYS} days on
   * @return one entry per day, in order, days without events included
   * @throws dev.gatehouse.core.error.AuthException.RejectedInputException {@code forbidden} for a
   *     caller who is not staff, {@code invalid_range} for a range that ends before it starts or
   *     spans more than {@link #MAX_DAYS} days
   */
  List<Day> daily(VerifiedAccessToken caller, LocalDate from, LocalDate to);

  /**
   * One day's counts for the host's own monitoring (the starter's Micrometer gauges read today's at
   * most once a minute): the same counting statements as {@link #daily}, with no caller, so no
   * permission is checked and no audit entry is written. For code of the host's, never a route a
   * user reaches.
   *
   * @param day the day (UTC)
   * @return the day's counts
   */
  Day counts(LocalDate day);

  /**
   * One day's counts. The maps are keyed by the method as the audit trail names it ({@code pwd} a
   * password, {@code otp} a one-time code, {@code magic_link}, {@code passkey}, a social provider's
   * name...); a method that was not used is absent.
   *
   * @param day the day (UTC)
   * @param signIns the sign-ins by method ({@code LoggedIn})
   * @param failures the failed sign-ins by method ({@code LoginFailed})
   * @param lockouts how many accounts were locked ({@code Locked})
   * @param deliveries the day's deliveries by channel, purpose, provider and outcome; one sent code
   *     is one {@code sent} delivery of a code's purpose (a verified code is a sign-in of method
   *     {@code otp})
   * @param codes the codes created that day by channel and purpose, with what became of them by the
   *     time of the read
   */
  record Day(
      LocalDate day,
      Map<String, Long> signIns,
      Map<String, Long> failures,
      long lockouts,
      List<Delivery> deliveries,
      List<Codes> codes) {
    /**
     * Copies the maps and the list.
     *
     * @param day the day (UTC)
     * @param signIns the sign-ins by method
     * @param failures the failed sign-ins by method
     * @param lockouts how many accounts were locked
     * @param deliveries the deliveries
     * @param codes the codes by channel and purpose
     */
    public Day {
      requireNonNull(day, "day");
      signIns = Map.copyOf(signIns);
      failures = Map.copyOf(failures);
      deliveries = List.copyOf(deliveries);
      codes = List.copyOf(codes);
    }
  }

  /**
   * The one-time codes of one channel and purpose created on a day, and what became of them by the
   * time of the read, from the code table (a code is counted once: burned, verified, replaced or
   * expired; the rest are still usable). Kept as long as the codes are ({@code
   * gatehouse.log-retention}, then the cleanup deletes them).
   *
   * @param channel {@code sms} or {@code email}
   * @param purpose the code's purpose (e.g. {@code login}, {@code verify_email})
   * @param sent how many codes were created (a resend of the same code is not counted)
   * @param verified how many were consumed by a right code
   * @param expired how many expired unused
   * @param burned how many reached their cap of wrong guesses
   * @param replaced how many a newer code to the same destination replaced before they were used
   */
  record Codes(
      String channel,
      String purpose,
      long sent,
      long verified,
      long expired,
      long burned,
      long replaced) {}

  /**
   * How many messages of one channel, purpose and provider had one outcome on a day, from the
   * host's delivery log (rows of every attempt: a message retried is counted per attempt).
   *
   * @param channel {@code sms} or {@code email}
   * @param purpose the template's purpose (e.g. {@code otp}, {@code password_reset})
   * @param provider the provider's name (e.g. {@code twilio}, {@code smtp})
   * @param outcome {@code sent}, {@code failed} or {@code blocked} (a limit stopped it)
   * @param count how many
   */
  record Delivery(String channel, String purpose, String provider, String outcome, long count) {}
}
