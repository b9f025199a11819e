package dev.gatehouse.social;

import com.nimbusds.jose.util.JSONObjectUtils;
import dev.gatehouse.core.error.AuthException.AuthInfrastructureException;
import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.social.SocialService.SocialException;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The JDK HTTP client the providers share, with the SMS provider's habits: a connect and a request
 * timeout, no redirects followed (a redirect is the provider refusing), every address checked by
 * {@link ProviderAddresses} before anything is sent to it, and errors mapped the same way
 * (timeouts, I/O errors, 429 and 5xx are a retryable {@code social_provider_unavailable}; another
 * 4xx is the provider refusing, {@code provider_refused}). Response bodies are never logged nor put
 * in a message: they carry tokens.
 */
final class ProviderHttp {
  private static final int MAX_BODY = 1 << 20;

  private final HttpClient client;
  private final Duration requestTimeout;
  private volatile ProviderAddresses addresses = ProviderAddresses.DEFAULT;

  ProviderHttp(Duration connectTimeout, Duration requestTimeout) {
    this.client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(connectTimeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    this.requestTimeout = requestTimeout;
  }

  /**
   * Sets where this client's requests may go (the defaults until then): {@link SocialSignIn} sets
   * its Gatehouse's settings on the providers it is given.
   */
  void addresses(ProviderAddresses rule) {
    this.addresses = rule;
  }

  /**
   * Sets the rule on a provider of this module's ({@link OidcProvider} and the presets built on it,
   * {@link FacebookProvider}); a host's own provider sends its requests itself.
   */
  static void addresses(SocialProvider provider, ProviderAddresses rule) {
    if (provider instanceof OidcProvider o) {
      o.http().addresses(rule);
    } else if (provider instanceof FacebookProvider f) {
      f.http().addresses(rule);
    }
  }

  Map<String, Object> getJson(URI uri) {
    return send(
        HttpRequest.newBuilder(uri)
            .timeout(requestTimeout)
            .header("Accept", "application/json")
            .GET()
            .build(),
        uri);
  }

  Map<String, Object> postForm(URI uri, Map<String, String> form) {
    return postForm(uri, form, Map.of());
  }

  /** As {@link #postForm(URI, Map)}, with further request headers (an Authorization header). */
  Map<String, Object> postForm(URI uri, Map<String, String> form, Map<String, String> headers) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri)
            .timeout(requestTimeout)
            .header("Accept", "application/json")
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form(form)));
    headers.forEach(request::header);
    return send(request.build(), uri);
  }

  static String form(Map<String, String> form) {
    StringJoiner j = new StringJoiner("&");
    form.forEach(
        (k, v) -> {
          if (v != null) {
            j.add(enc(k) + "=" + enc(v));
          }
        });
    return j.toString();
  }

  static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private Map<String, Object> send(HttpRequest request, URI uri) {
    HttpResponse<String> response;
    String where = uri.getHost() + uri.getPath();
    addresses.check(uri);
    try {
      response = client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (HttpTimeoutException e) {
      throw unavailable(where + " timed out", e);
    } catch (IOException e) {
      throw unavailable(where + " could not be reached: " + e.getClass().getSimpleName(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw unavailable("interrupted while calling " + where, e);
    }
    int status = response.statusCode();
    if (status == 429 || status >= 500) {
      throw unavailable(where + " answered HTTP " + status, null);
    }
    if (status >= 300) {
      throw new SocialException(ErrorCode.PROVIDER_REFUSED, where + " answered HTTP " + status);
    }
    String body = response.body();
    if (body == null || body.length() > MAX_BODY) {
      throw new SocialException(
          ErrorCode.PROVIDER_REFUSED, where + " answered an empty or oversized body");
    }
    try {
      return JSONObjectUtils.parse(body);
    } catch (ParseException e) {
      throw new SocialException(ErrorCode.PROVIDER_REFUSED, where + " answered malformed JSON");
    }
  }

  private static AuthInfrastructureException unavailable(String message, Throwable cause) {
    return new AuthInfrastructureException(
        SocialErrors.SOCIAL_PROVIDER_UNAVAILABLE, message, true, cause);
  }
}
