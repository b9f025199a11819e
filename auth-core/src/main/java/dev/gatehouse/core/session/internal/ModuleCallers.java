package dev.gatehouse.core.session.internal;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.config.TokenSettings;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.session.CredentialCheck;
import dev.gatehouse.core.store.ProfileStore.ProfileRecord;
import dev.gatehouse.core.store.UserRecord;
import dev.gatehouse.core.token.AccessTokenVerifier.VerifiedAccessToken;
import dev.gatehouse.core.token.ModuleCredentialToken;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A request authenticated by a module's header credential ({@link ModuleCredential}): the module's
 * check through the pipeline's front ({@link SignInPipeline#through}: the check, the account's
 * state, the guards, a refusal audited), the second step failing closed (an account a sign-in would
 * ask for one is refused as the check refuses an inactive account), then the claims an access token
 * of the account carries, in the same transaction. No login is recorded and no session starts.
 */
final class ModuleCallers {
  private final GatehouseConfig config;
  private final SignInPipeline pipeline;
  private final SessionStart starts;
  private final SessionTokens tokens;
  private volatile List<HeaderCredential> declared = List.of();

  ModuleCallers(
      GatehouseConfig config, SignInPipeline pipeline, SessionStart starts, SessionTokens tokens) {
    this.config = config;
    this.pipeline = pipeline;
    this.starts = starts;
    this.tokens = tokens;
  }

  /** A module's credential with its service. */
  void install(List<HeaderCredential> credentials) {
    this.declared = List.copyOf(credentials);
  }

  VerifiedAccessToken verify(String header, String value, ClientInfo client) {
    requireNonNull(header, "header");
    requireNonNull(value, "value");
    ClientInfo who = client == null ? ClientInfo.web() : client;
    HeaderCredential d =
        declared.stream()
            .filter(c -> c.header().equalsIgnoreCase(header))
            .findFirst()
            .orElseThrow(
                () ->
                    new IllegalArgumentException("no installed module takes the header " + header));
    CredentialCheck check = d.check().apply(value, who);
    VerifiedAccessToken[] caller = new VerifiedAccessToken[1];
    CredentialCheck.Proof proof =
        pipeline.through(
            check,
            who,
            (tx, proven, now) -> {
              UserRecord user = proven.user();
              if (starts.asksSecondStep(tx, user.publicId(), proven.amr(), now)) {
                // A header cannot answer a second step: refused as the check refuses an account
                // that may not sign in, so the answer says nothing about the account.
                return new CredentialCheck.Refused(check.inactiveAccount(user), user.publicId());
              }
              Optional<ProfileRecord> profile = SessionTokens.defaultProfile(tx, user.publicId());
              Long profileId = profile.map(ProfileRecord::id).orElse(null);
              Map<String, Object> claims =
                  tokens.accountClaims(tx, user.publicId(), user, null, profileId);
              caller[0] =
                  ModuleCredentialToken.of(
                      user.publicId(),
                      d.module(),
                      d.method(),
                      now,
                      config.get(TokenSettings.PROFILE_CLAIM),
                      profileId == null ? null : profileId.toString(),
                      claims);
              return proven;
            });
    if (caller[0] == null || !(proof instanceof CredentialCheck.Proven)) {
      throw new IllegalStateException(
          "the check of the credential header "
              + d.header()
              + " answers a proof or a refusal, not "
              + proof.getClass().getSimpleName());
    }
    return caller[0];
  }
}
