package org.labtrack.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClientAddressTest {
  private final ClientAddress behindIngress =
      new ClientAddress(List.of("10.0.0.0/8", "192.168.1.7", "fd00::/8"));

  @Test
  void withoutTrustedProxiesTheClientIsWhoeverConnects() {
    ClientAddress direct = new ClientAddress(List.of());
    assertThat(direct.resolve("10.1.2.3", List.of("203.0.113.9"))).isEqualTo("10.1.2.3");
  }

  @Test
  void aTrustedProxyNamesTheClient() {
    assertThat(behindIngress.resolve("10.1.2.3", List.of("203.0.113.9")))
        .isEqualTo("203.0.113.9");
    assertThat(behindIngress.resolve("192.168.1.7", List.of("203.0.113.9")))
        .isEqualTo("203.0.113.9");
    // no header: the proxy itself
    assertThat(behindIngress.resolve("10.1.2.3", List.of())).isEqualTo("10.1.2.3");
  }

  @Test
  void whatTheClientWroteItselfIsNotBelieved() {
    // the client sent "1.1.1.1"; the Ingress appended the address it saw
    assertThat(behindIngress.resolve("10.1.2.3", List.of("1.1.1.1, 203.0.113.9")))
        .isEqualTo("203.0.113.9");
    assertThat(behindIngress.resolve("10.1.2.3", List.of("1.1.1.1", "203.0.113.9")))
        .isEqualTo("203.0.113.9");
    // a chain of trusted proxies is walked through
    assertThat(behindIngress.resolve("10.1.2.3", List.of("1.1.1.1, 203.0.113.9, 10.9.9.9")))
        .isEqualTo("203.0.113.9");
    // an untrusted peer's header is ignored altogether
    assertThat(behindIngress.resolve("203.0.113.50", List.of("1.1.1.1")))
        .isEqualTo("203.0.113.50");
    // something that is no address stops the walk at the last believable hop
    assertThat(behindIngress.resolve("10.1.2.3", List.of("1.1.1.1, evil.example.org")))
        .isEqualTo("10.1.2.3");
    assertThat(behindIngress.resolve("10.1.2.3", List.of("1.1.1.1, 10.4.4.4, 999.1.1.1")))
        .isEqualTo("10.1.2.3");
  }

  @Test
  void ipv6BlocksAndBracketsAreUnderstood() {
    assertThat(behindIngress.resolve("fd00::1", List.of("[2001:db8::5]")))
        .isEqualTo("2001:db8:0:0:0:0:0:5");
    assertThat(behindIngress.resolve("2001:db8::1", List.of("203.0.113.9")))
        .isEqualTo("2001:db8::1");
  }

  @Test
  void aMistypedTrustedProxyStopsTheStart() {
    assertThatThrownBy(() -> new ClientAddress(List.of("ingress.local")))
        .hasMessageContaining("'ingress.local' is not an IP address or CIDR block");
    assertThatThrownBy(() -> new ClientAddress(List.of("10.0.0.0/33")))
        .hasMessageContaining("invalid prefix length");
  }
}
