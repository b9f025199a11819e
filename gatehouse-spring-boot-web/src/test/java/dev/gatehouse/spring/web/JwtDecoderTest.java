package dev.gatehouse.spring.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.spring.web.Http.Reply;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;

/** Spring Security and Gatehouse's access tokens. */
class JwtDecoderTest extends ContractTestSupport {
  @Autowired JwtDecoder decoder;

  @Test
  void theDecoderIsGatehousesAndAcceptsItsTokens() throws Exception {
    assertThat(decoder).isInstanceOf(GatehouseJwtDecoder.class);
    Reply login = login();
    Jwt jwt = decoder.decode(login.text("access"));
    assertThat(jwt.getSubject()).isEqualTo(login.json().at("/user/id").asString());
    assertThat(jwt.getHeaders()).containsEntry("typ", "at+jwt");
  }

  @Test
  void garbageIsABadJwt() {
    assertThatThrownBy(() -> decoder.decode("garbage")).isInstanceOf(BadJwtException.class);
  }
}
