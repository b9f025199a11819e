package dev.gatehouse.spring.web;

import static dev.gatehouse.spring.web.Http.json;

import org.junit.jupiter.api.Test;

/** By default no one signs in by link: the routes answer 403 {@code magic_link_disabled}. */
class MagicLinkOffContractTest extends ContractTestSupport {
  @Test
  void everyRouteIsRefusedUntilTheHostTurnsItOn() throws Exception {
    assertProblem(
        http.post(base() + "/magic-link/request/", json("email", newEmail())),
        403,
        "magic_link_disabled");
    assertProblem(
        http.post(base() + "/magic-link/sign-in/", json("token", "anything")),
        403,
        "magic_link_disabled");
    assertProblem(
        http.post(base() + "/magic-link/code/", json("email", newEmail(), "code", "123456")),
        403,
        "magic_link_disabled");
  }
}
