package dev.gatehouse.social;

import static java.util.Objects.requireNonNull;

import com.nimbusds.jose.util.JSONObjectUtils;
import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.social.SocialProvider.VerifiedIdentity;
import dev.gatehouse.social.SocialService.SocialException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.text.ParseException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Facebook Login (OAuth 2; not OpenID Connect for most apps), with the id {@code facebook}. The
 * code is exchanged at the Graph API's {@code /oauth/access_token} (with the PKCE verifier); every
 * user access token, from the code flow or from the native SDK, is then inspected with {@code
 * /debug_token} under the app's own access token, and refused unless it is valid and was issued to
 * <em>this</em> app ({@code app_id}); only then is {@code /me?fields=id,name,email,picture} read
 * (with {@code appsecret_proof}), and its {@code id} must be the inspected token's {@code user_id}.
 * Calls go over {@code java.net.http} with the SMS provider's timeouts and error mapping.
 *
 * <p>Facebook does not say whether an email was confirmed, so by default the identity's email
 * counts as unverified (no automatic linking; the account is created without it); {@link
 * Builder#trustEmails} changes that.
 *
 * <pre>{@code
 * SocialProvider facebook = FacebookProvider.builder(appId, appSecret).build();
 * }</pre>
 */
public final class FacebookProvider implements SocialProvider {
  private final String appId;
  private final String appSecret;
  private final URI dialog;
  private final URI graph;
  private final boolean trustEmails;
  private final ProviderHttp http;

  private FacebookProvider(Builder b) {
    this.appId = b.appId;
    this.appSecret = b.appSecret;
    this.dialog = b.dialog;
    this.graph = b.graph;
    this.trustEmails = b.trustEmails;
    this.http = new ProviderHttp(b.connectTimeout, b.requestTimeout);
  }

  /**
   * @param appId the Facebook app id
   * @param appSecret the app secret
   * @return a builder
   */
  public static Builder builder(String appId, String appSecret) {
    return new Builder(appId, appSecret);
  }

  /** The client its requests go through, whose addresses {@link SocialSignIn} sets. */
  ProviderHttp http() {
    return http;
  }

  @Override
  public String id() {
    return "facebook";
  }

  @Override
  public URI authorizationUri(AuthorizationRequest request) {
    Map<String, String> q = new LinkedHashMap<>();
    q.put("client_id", appId);
    q.put("redirect_uri", request.redirectUri().toString());
    q.put("state", request.state());
    q.put("response_type", "code");
    q.put("scope", "email,public_profile");
    q.put("code_challenge", request.codeChallenge());
    q.put("code_challenge_method", "S256");
    return URI.create(dialog + "?" + ProviderHttp.form(q));
  }

  @Override
  public VerifiedIdentity exchangeCode(CodeExchange exchange) {
    Map<String, String> q = new LinkedHashMap<>();
    q.put("client_id", appId);
    q.put("client_secret", appSecret);
    q.put("redirect_uri", exchange.redirectUri().toString());
    q.put("code", exchange.code());
    q.put("code_verifier", exchange.codeVerifier());
    Map<String, Object> answer = http.postForm(graph("/oauth/access_token"), q);
    if (!(answer.get("access_token") instanceof String token)) {
      throw new SocialException(ErrorCode.PROVIDER_REFUSED, "Facebook answered no access token");
    }
    return inspect(token);
  }

  @Override
  public VerifiedIdentity verifyNativeToken(String token, String nonce) {
    return inspect(token);
  }

  private VerifiedIdentity inspect(String userToken) {
    Map<String, Object> debug =
        http.getJson(
            URI.create(
                graph("/debug_token")
                    + "?input_token="
                    + ProviderHttp.enc(userToken)
                    + "&access_token="
                    + ProviderHttp.enc(appId + "|" + appSecret)));
    Map<String, Object> data;
    try {
      data = JSONObjectUtils.getJSONObject(debug, "data");
    } catch (ParseException e) {
      data = null;
    }
    if (data == null
        || !Boolean.TRUE.equals(data.get("is_valid"))
        || !appId.equals(String.valueOf(data.get("app_id")))
        || !(data.get("user_id") instanceof String userId)) {
      throw new SocialException(
          ErrorCode.INVALID_ID_TOKEN, "the Facebook token is invalid or was issued to another app");
    }
    Map<String, Object> me =
        http.getJson(
            URI.create(
                graph("/me")
                    + "?fields=id,name,email,picture&access_token="
                    + ProviderHttp.enc(userToken)
                    + "&appsecret_proof="
                    + proof(userToken)));
    if (!userId.equals(me.get("id"))) {
      throw new SocialException(
          ErrorCode.INVALID_ID_TOKEN, "the Facebook profile is of another user");
    }
    String email = me.get("email") instanceof String e ? e : null;
    return new VerifiedIdentity(
        id(),
        userId,
        email,
        trustEmails && email != null,
        me.get("name") instanceof String n ? n : null,
        pictureUrl(me),
        userToken,
        null);
  }

  private static String pictureUrl(Map<String, Object> me) {
    try {
      Map<String, Object> picture = JSONObjectUtils.getJSONObject(me, "picture");
      Map<String, Object> data =
          picture == null ? null : JSONObjectUtils.getJSONObject(picture, "data");
      return data == null ? null : JSONObjectUtils.getString(data, "url");
    } catch (ParseException e) {
      return null;
    }
  }

  private String proof(String token) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(appSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(token.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private URI graph(String path) {
    return URI.create(graph.toString().replaceAll("/+$", "") + path);
  }

  @Override
  public String toString() {
    return "FacebookProvider[" + appId + "]";
  }

  /** Builder; not thread-safe. */
  public static final class Builder {
    private final String appId;
    private final String appSecret;
    private URI dialog = URI.create("https://www.facebook.com/v19.0/dialog/oauth");
    private URI graph = URI.create("https://graph.facebook.com/v19.0");
    private boolean trustEmails;
    private Duration connectTimeout = Duration.ofSeconds(5);
    private Duration requestTimeout = Duration.ofSeconds(10);

    private Builder(String appId, String appSecret) {
      this.appId = requireNonNull(appId, "appId");
      this.appSecret = requireNonNull(appSecret, "appSecret");
    }

    /**
     * @param graphBase the Graph API base with its version (default {@code
     *     https://graph.facebook.com/v19.0}); a local stand-in in tests
     * @param dialogUri the login dialog
     * @return this builder
     */
    public Builder endpoints(URI graphBase, URI dialogUri) {
      this.graph = requireNonNull(graphBase, "graphBase");
      this.dialog = requireNonNull(dialogUri, "dialogUri");
      return this;
    }

    /**
     * @param trust whether Facebook's email counts as verified (default {@code false})
     * @return this builder
     */
    public Builder trustEmails(boolean trust) {
      this.trustEmails = trust;
      return this;
    }

    /**
     * @param connect the connect timeout (default 5 s)
     * @param request the whole-request timeout (default 10 s)
     * @return this builder
     */
    public Builder timeouts(Duration connect, Duration request) {
      this.connectTimeout = requireNonNull(connect, "connect");
      this.requestTimeout = requireNonNull(request, "request");
      return this;
    }

    /** {@return the provider} */
    public FacebookProvider build() {
      return new FacebookProvider(this);
    }
  }
}
