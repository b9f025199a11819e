package dev.gatehouse.spring.web;

import dev.gatehouse.core.Gatehouse;
import dev.gatehouse.core.GatehouseModule;
import dev.gatehouse.core.error.AuthException;
import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.module.Answer;
import dev.gatehouse.core.module.ModuleManifest;
import dev.gatehouse.core.module.ModuleRoute;
import dev.gatehouse.core.module.ModuleRoute.Access;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A module as a team would write it outside the repository: a feature service and routes declared
 * in its manifest, a public one, a signed-in one and a form route another site's page posts to,
 * with no edit of the web module. Installed by {@link TestHost} when {@code
 * gatehouse.test.greeting-module=true}.
 */
final class GreetingModule implements GatehouseModule {
  /** The module's feature: greets by name. */
  static final class Greetings {
    String greet(String name, String punctuation) {
      if (name.equals("nobody")) {
        throw new AuthException.NotFoundException(ErrorCode.USER_NOT_FOUND);
      }
      return "hello, " + name + punctuation;
    }
  }

  /** A typed route's body: what to greet, how, and how often. */
  record GreetingOrder(
      String name, @Nullable String punctuation, int times, List<String> tags, Recipient to) {}

  /** Whom a greeting is for, nested in the order. */
  record Recipient(String title) {}

  /** A typed route's answer. */
  record Greeting(String greeting, Instant greetedAt, @Nullable String language, int times) {}

  @Override
  public String name() {
    return "greeting";
  }

  @Override
  public ModuleManifest manifest() {
    return ModuleManifest.of(name())
        .routes(
            ModuleRoute.post(
                "/greetings/{name}/",
                Access.PUBLIC,
                "Greets someone by name",
                Greetings.class,
                (greetings, request) -> {
                  Object p = request.body().getOrDefault("punctuation", "!");
                  return Answer.created(
                      Map.of(
                          "greeting",
                          greetings.greet(request.pathVariables().get("name"), String.valueOf(p)),
                          "caller",
                          request.caller().isPresent()));
                }),
            ModuleRoute.put(
                    "/greetings/typed/",
                    Access.PUBLIC,
                    "Greets the order's name, typed",
                    Greetings.class,
                    GreetingOrder.class,
                    Greeting.class,
                    (greetings, order, request) ->
                        Answer.created(
                                new Greeting(
                                    order.to().title()
                                        + ": "
                                        + greetings.greet(
                                            order.name(),
                                            order.punctuation() == null
                                                ? "!"
                                                : order.punctuation()),
                                    Instant.EPOCH,
                                    request.header("X-Greeting-Language").orElse(null),
                                    order.times()))
                            .withHeader("X-Greeting-Tags", String.join(",", order.tags())))
                .named("greetTyped")
                .answering(201)
                .refusing(400, 404),
            ModuleRoute.get(
                "/greetings/me/",
                Access.SIGNED_IN,
                "Greets the caller",
                Greetings.class,
                (greetings, request) -> {
                  Map<String, Object> body = new LinkedHashMap<>();
                  body.put("user", request.caller().orElseThrow().subject().toString());
                  body.put("ip", request.client().ipAddress());
                  body.put("lang", request.query().getOrDefault("lang", "en"));
                  return Answer.ok(body);
                }),
            ModuleRoute.form(
                "/greetings/form/",
                Access.PUBLIC,
                "Greets the name a form posts and sends the browser on",
                Greetings.class,
                (greetings, request) -> {
                  String name = String.valueOf(request.body().getOrDefault("name", ""));
                  String greeting = greetings.greet(name, "");
                  return Answer.seeOther(
                      URI.create(
                          "https://elsewhere.example/greeted?g="
                              + URLEncoder.encode(greeting, StandardCharsets.UTF_8)
                              + "&fields="
                              + String.join(",", request.body().keySet())
                              + "&cookie="
                              + request.cookies().getOrDefault("greeting_cookie", "")));
                }))
        .build();
  }

  @Override
  public void installInto(Gatehouse.Builder builder) {
    builder.feature(Greetings.class, context -> new Greetings());
  }
}
