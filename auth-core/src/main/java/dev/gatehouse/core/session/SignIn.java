package dev.gatehouse.core.session;

/**
 * What {@link SessionStarter#signIn} did: started a session ({@link #tokens()}), or, for an account
 * with a second factor the first factor did not cover, issued a challenge ({@link #challenge()}).
 * Exactly one of the two is set.
 *
 * @param tokens the new session's tokens, or {@code null}
 * @param challenge the second-factor challenge, or {@code null}
 */
public record SignIn(TokenPair tokens, SecondFactorChallenge challenge) {
  /**
   * @param tokens the new session's tokens, or {@code null}
   * @param challenge the second-factor challenge, or {@code null}
   */
  public SignIn {
    if ((tokens == null) == (challenge == null)) {
      throw new IllegalArgumentException("exactly one of tokens and challenge must be set");
    }
  }

  /** {@return whether the login now waits for a second factor} */
  public boolean challenged() {
    return challenge != null;
  }

  /**
   * {@return the tokens}
   *
   * @throws SecondFactorRequiredException when the login waits for a second factor
   * @throws SecondFactorEnrolmentRequiredException when the account must enrol a second factor
   *     first
   */
  public TokenPair tokensOrThrow() {
    if (challenge != null) {
      throw challenge.outcome();
    }
    return tokens;
  }
}
