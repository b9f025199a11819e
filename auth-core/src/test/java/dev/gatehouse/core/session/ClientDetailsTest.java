package dev.gatehouse.core.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.core.internal.ClientDetails;
import dev.gatehouse.core.session.ProfileService.Me;
import dev.gatehouse.core.session.SessionService.TokenPair;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ClientDetailsTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      nullValues = "null",
      value = {
        "203.0.113.77, 203.0.113.0/24",
        "' 10.1.2.3 ', 10.1.2.0/24",
        "2001:db8:1234:5678::1, 2001:db8:1234::/48",
        "::1, 0:0:0::/48",
        "::ffff:192.0.2.1, 192.0.2.0/24",
        "example.com, null",
        "deadbeef, null",
        "'', null",
        "null, null"
      })
  void keepsOnlyTheNetworkOfAnIpLiteral(String ip, String expected) {
    assertThat(ClientDetails.coarseIp(ip)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} /{1} -> {2}")
  @CsvSource(
      nullValues = "null",
      value = {
        "203.0.113.77, 64, 203.0.113.77",
        "' 10.1.2.3 ', 64, 10.1.2.3",
        "2001:db8:1234:5678:9abc:def0:1:2, 64, 2001:db8:1234:5678:0:0:0:0/64",
        "2001:DB8:1234:5678::ffff, 64, 2001:db8:1234:5678:0:0:0:0/64",
        "2001:db8:1234:5678:9abc:def0:1:2, 56, 2001:db8:1234:5600:0:0:0:0/56",
        "2001:db8:1234:5678:9abc:def0:1:2, 128, 2001:db8:1234:5678:9abc:def0:1:2/128",
        "::ffff:192.0.2.1, 64, 192.0.2.1",
        "unknown, 64, unknown",
        "'  ', 64, null",
        "null, 64, null"
      })
  void perIpLimitsCountAnIpv4AddressAndAnIpv6Prefix(String ip, int prefix, String expected) {
    assertThat(ClientDetails.limitNetwork(ip, prefix)).isEqualTo(expected);
  }

  @Test
  void loopbackIsRecognisedInEveryForm() {
    assertThat(ClientDetails.isLoopback("127.0.0.1")).isTrue();
    assertThat(ClientDetails.isLoopback("127.8.9.10")).isTrue();
    assertThat(ClientDetails.isLoopback("::1")).isTrue();
    assertThat(ClientDetails.isLoopback("0:0:0:0:0:0:0:1")).isTrue();
    assertThat(ClientDetails.isLoopback("203.0.113.1")).isFalse();
    assertThat(ClientDetails.isLoopback("localhost")).as("never resolved").isFalse();
    assertThat(ClientDetails.isLoopback(null)).isFalse();
  }

  @Test
  void aProxysPeerAddressIsLoopbackOrPrivateAndNothingElseIs() {
    for (String local :
        new String[] {
          "127.0.0.1",
          "::1",
          "10.0.0.1",
          "172.16.5.4",
          "172.31.255.255",
          "192.168.1.1",
          "169.254.1.1",
          "fe80::1",
          "fd12:3456::1",
          "fc00::1",
          "::ffff:10.1.2.3"
        }) {
      assertThat(ClientDetails.isLoopbackOrPrivate(local)).as(local).isTrue();
    }
    for (String other :
        new String[] {"203.0.113.1", "172.32.0.1", "8.8.8.8", "2001:db8::1", "localhost", ""}) {
      assertThat(ClientDetails.isLoopbackOrPrivate(other)).as(other).isFalse();
    }
    assertThat(ClientDetails.isLoopbackOrPrivate(null)).isFalse();
  }

  @Test
  void userAgentsAreBoundedAndStrippedOfControlCharacters() {
    assertThat(ClientDetails.userAgent("App/1\r\nX-Injected: 1")).isEqualTo("App/1  X-Injected: 1");
    assertThat(ClientDetails.userAgent("a".repeat(1000))).hasSize(255);
    assertThat(ClientDetails.userAgent("   ")).isNull();
    assertThat(ClientDetails.userAgent(null)).isNull();
  }

  @Test
  void tokenPairsAndResponsesNeverShowTheRefreshToken() {
    TokenPair pair =
        new TokenPair("access.jwt.sig", "SECRET-REFRESH", Instant.EPOCH, "sid-1", null, null, null);
    Me me =
        new Me(
            new UserView(
                java.util.UUID.randomUUID(),
                "a@example.com",
                null,
                null,
                true,
                true,
                true,
                false,
                false,
                false,
                null,
                null,
                java.util.Set.of(),
                null,
                Instant.EPOCH,
                null),
            java.util.List.of(),
            null);
    assertThat(pair.toString()).doesNotContain("SECRET-REFRESH").doesNotContain("access.jwt.sig");
    assertThat(me.toString()).doesNotContain("SECRET-REFRESH");
  }
}
