package dev.gatehouse.cohorts.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.cohorts.CohortMember;
import dev.gatehouse.cohorts.CohortService;
import dev.gatehouse.cohorts.Server;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What {@link CohortForwarding} decides for a request, by its route's {@link Routing}, from what is
 * verified only; and its answer while the legacy system cannot be reached. Thread-safe (immutable).
 */
final class ForwardingDecisions {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The longest link token read: Django's are under 100 characters. */
  private static final int MAX_LINK = 1_024;

  private static final String UNAVAILABLE =
      "{\"detail\":\"Service temporarily unavailable, try again later.\"}";

  private final CohortService cohorts;
  private final LegacyDirectory directory;
  private final TokenOwner owners;
  private final List<String> identifierFields;
  private final List<String> refreshFields;
  private final Map<String, String> hostHeaders;
  private final Duration retryAfter;

  ForwardingDecisions(
      CohortService cohorts,
      LegacyDirectory directory,
      TokenOwner owners,
      List<String> identifierFields,
      List<String> refreshFields,
      Map<String, String> hostHeaders,
      Duration retryAfter) {
    this.cohorts = cohorts;
    this.directory = directory;
    this.owners = owners;
    this.identifierFields = identifierFields;
    this.refreshFields = refreshFields;
    this.hostHeaders = hostHeaders;
    this.retryAfter = retryAfter;
  }

  /** Where a request goes, and the legacy account it is of (null when it is no known account's). */
  record Decision(Server server, @Nullable CohortMember member) {}

  /** The system that answers the request, by what its route reads; Gatehouse for no one's. */
  Decision decide(Routing routing, String route, BufferedRequest request) {
    return switch (routing) {
      case IDENTIFIER -> {
        // Whatever token rides along: the account signing in is the one the body names.
        Optional<String> identifier = text(json(request), identifierFields);
        if (identifier.isEmpty()) {
          yield new Decision(Server.GATEHOUSE, null);
        }
        Optional<CohortMember> member = directory.byIdentifier(identifier.get());
        yield member.isPresent()
            ? new Decision(cohorts.forSignIn(member.get()), member.get())
            : new Decision(cohorts.forUnknown(identifier.get()), null);
      }
      case LINK -> {
        // The legacy system's link goes back to it, whatever the cohort's state: only the system
        // that issued a link can use it.
        JsonNode body = json(request);
        Optional<String> uid = text(body, List.of("uid"));
        Optional<String> token = text(body, List.of("token"));
        Optional<CohortMember> issued =
            uid.isPresent() && token.isPresent() && token.get().length() <= MAX_LINK
                ? directory.byLegacyLink(route, uid.get(), token.get())
                : Optional.empty();
        yield issued
            .map(m -> new Decision(Server.LEGACY, m))
            .orElse(new Decision(Server.GATEHOUSE, null));
      }
      case GATEHOUSE -> new Decision(Server.GATEHOUSE, null);
      case REFRESH_TOKEN, BEARER -> {
        Optional<String> token =
            routing == Routing.REFRESH_TOKEN
                ? text(json(request), refreshFields)
                : Optional.ofNullable(bearer(request.getHeader("Authorization")));
        Optional<CohortMember> owner = token.flatMap(owners::of);
        yield owner
            .map(m -> new Decision(cohorts.forSession(m), m))
            .orElse(new Decision(Server.GATEHOUSE, null));
      }
    };
  }

  /**
   * Whether the legacy system could not be reached at all: the connection refused or timed out, or
   * no answer within the read time-out. A client that went away while its answer was written is not
   * that.
   */
  static boolean unreachable(IOException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof java.net.ConnectException
          || t instanceof java.net.SocketTimeoutException
          || t instanceof java.net.UnknownHostException
          || t instanceof org.apache.http.conn.ConnectTimeoutException
          || t instanceof org.apache.http.NoHttpResponseException) {
        return true;
      }
    }
    return false;
  }

  /**
   * The legacy system's users' answer while it cannot be reached: 503, when to try again, the
   * host's headers; counted for the cohort. Never handed to Gatehouse, which would answer for an
   * account that is not its to serve.
   */
  void unavailable(HttpServletResponse response, @Nullable CohortMember member) throws IOException {
    if (member != null) {
      // Counted before the answer leaves, so that whoever reads the signals after it sees it.
      cohorts.legacyUnavailable(member);
    }
    response.resetBuffer();
    response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
    hostHeaders.forEach(response::setHeader);
    response.setHeader("Retry-After", Long.toString(retryAfter.toSeconds()));
    response.setContentType("application/json");
    response.setCharacterEncoding("UTF-8");
    byte[] body = UNAVAILABLE.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
    response.flushBuffer();
  }

  private static @Nullable String bearer(@Nullable String header) {
    if (header == null) {
      return null;
    }
    for (String scheme : List.of("Bearer ", "JWT ")) {
      if (header.regionMatches(true, 0, scheme, 0, scheme.length())) {
        String token = header.substring(scheme.length()).strip();
        return token.isEmpty() ? null : token;
      }
    }
    return null;
  }

  private static @Nullable JsonNode json(BufferedRequest request) {
    byte[] body = request.body();
    if (body == null) {
      return null;
    }
    try {
      JsonNode node = JSON.readTree(body);
      return node != null && node.isObject() ? node : null;
    } catch (IOException e) {
      // Not JSON (a form, or garbage): nobody's, and the system that answers refuses it.
      return null;
    }
  }

  private static Optional<String> text(@Nullable JsonNode body, List<String> fields) {
    if (body == null) {
      return Optional.empty();
    }
    for (String field : fields) {
      JsonNode value = body.get(field);
      if (value != null && value.isTextual() && !value.asText().isBlank()) {
        return Optional.of(value.asText().strip());
      }
    }
    return Optional.empty();
  }
}
