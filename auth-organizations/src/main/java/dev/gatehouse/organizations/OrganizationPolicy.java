package dev.gatehouse.organizations;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.error.AuthException.RejectedInputException;
import dev.gatehouse.core.error.ErrorCode;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * What an organisation asks of a session that acts for it ({@link
 * OrganizationService#switchOrganization}): a second factor at its sign-in, one of some sign-in
 * methods, and a longest life since its sign-in. Checked at the switch into the organisation
 * (refused with {@code organization_policy}), at each refresh of a session acting for it (its
 * claims dropped once the session outlives the lifetime or the policy changed), and at the
 * organisation's own sign-in.
 *
 * @param secondFactorRequired whether the session's sign-in must have passed a second factor
 *     ({@code amr} {@code mfa})
 * @param signInMethods the sign-in methods a session may have begun with ({@code amr} values such
 *     as {@code pwd}, {@code otp}, {@code magic_link}, {@code social}, {@code organization_sso}),
 *     empty for any
 * @param sessionLifetime the longest time since the session's sign-in it may act for the
 *     organisation, or {@code null} for no limit of the organisation's
 */
public record OrganizationPolicy(
    boolean secondFactorRequired, Set<String> signInMethods, @Nullable Duration sessionLifetime) {
  /** No requirement: what an organisation without a policy asks. */
  public static final OrganizationPolicy NONE = new OrganizationPolicy(false, Set.of(), null);

  private static final Pattern METHOD = Pattern.compile("[a-z0-9_:-]{1,64}");

  /**
   * Checks the parts.
   *
   * @param secondFactorRequired see the record description
   * @param signInMethods see the record description
   * @param sessionLifetime see the record description
   * @throws RejectedInputException {@code invalid_settings} for a malformed method, more than 16
   *     methods, or a lifetime that is not between a minute and a year
   */
  public OrganizationPolicy {
    signInMethods = Set.copyOf(requireNonNull(signInMethods, "signInMethods"));
    if (signInMethods.size() > 16
        || signInMethods.stream().anyMatch(m -> !METHOD.matcher(m).matches())) {
      throw new RejectedInputException(
          ErrorCode.INVALID_SETTINGS, "sign-in methods are at most 16 names of a-z, 0-9, _ : -");
    }
    if (sessionLifetime != null
        && (sessionLifetime.compareTo(Duration.ofMinutes(1)) < 0
            || sessionLifetime.compareTo(Duration.ofDays(365)) > 0)) {
      throw new RejectedInputException(
          ErrorCode.INVALID_SETTINGS, "a session lifetime is between a minute and a year");
    }
  }

  /** {@return whether it asks nothing} */
  public boolean isNone() {
    return !secondFactorRequired && signInMethods.isEmpty() && sessionLifetime == null;
  }

  /**
   * {@return the policy in one stable text, the same on every node and release: what a session's
   * claims remember of the policy it was let in under}
   */
  String canonical() {
    return "mfa="
        + secondFactorRequired
        + ";methods="
        + String.join(",", new TreeSet<>(signInMethods))
        + ";lifetime="
        + (sessionLifetime == null ? "" : Long.toString(sessionLifetime.toSeconds()));
  }
}
