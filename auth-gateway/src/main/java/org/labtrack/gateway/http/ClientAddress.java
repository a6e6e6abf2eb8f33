package org.labtrack.gateway.http;

import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.labtrack.gateway.config.GatewayConfig;

/**
 * The address a request comes from: where failed sign-ins are counted and what the services'
 * logs see. Behind a reverse proxy (the Kubernetes Ingress) every connection comes from the
 * proxy; with {@code gateway.trusted-proxies} naming it, the client is read from
 * {@code X-Forwarded-For} instead. Each proxy appends the address it saw, and a client may send
 * any {@code X-Forwarded-For} it likes, so the list is read from the right: the client is the
 * first address there that is not itself a trusted proxy.
 */
@Singleton
public class ClientAddress {
  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
  /** Starts as the JDK's literal parser expects, or getByName would ask DNS after all. */
  private static final Pattern IPV6 = Pattern.compile("(?=.*:)[0-9A-Fa-f:][0-9A-Fa-f:.]*");

  private final List<Network> trusted;

  @Inject
  ClientAddress(GatewayConfig config) {
    this(config.trustedProxies().orElse(List.of()));
  }

  /** {@code trustedProxies}: addresses and CIDR blocks ("10.0.0.0/8", "fd00::/8"). */
  public ClientAddress(List<String> trustedProxies) {
    List<Network> networks = new ArrayList<>();
    for (String entry : trustedProxies) {
      if (!entry.isBlank()) {
        networks.add(Network.parse(entry.trim()));
      }
    }
    this.trusted = List.copyOf(networks);
  }

  public String of(HttpServerRequest request) {
    String peer = request.remoteAddress() == null ? "unknown"
        : request.remoteAddress().hostAddress();
    // asked for every request twice (the throttle, the forwarded headers): no header read unless
    // a proxy is trusted
    return trusted.isEmpty() ? peer : resolve(peer, request.headers().getAll("X-Forwarded-For"));
  }

  /** The client of a connection from {@code peer} that carried {@code forwardedFor}. */
  public String resolve(String peer, List<String> forwardedFor) {
    if (trusted.isEmpty() || literal(peer).filter(this::isTrusted).isEmpty()) {
      return peer;
    }
    List<String> hops = new ArrayList<>();
    for (String header : forwardedFor) {
      for (String hop : header.split(",")) {
        hops.add(hop.trim());
      }
    }
    String client = peer;
    for (int i = hops.size() - 1; i >= 0; i--) {
      Optional<InetAddress> hop = literal(hops.get(i));
      if (hop.isEmpty()) {
        break; // not an address: nothing further left can be believed
      }
      client = hop.get().getHostAddress();
      if (!isTrusted(hop.get())) {
        break;
      }
    }
    return client;
  }

  private boolean isTrusted(InetAddress address) {
    return trusted.stream().anyMatch(n -> n.contains(address));
  }

  /** An IP literal, never a host name: parsing one never asks DNS. */
  static Optional<InetAddress> literal(String text) {
    String s = text.startsWith("[") && text.endsWith("]")
        ? text.substring(1, text.length() - 1) : text;
    if (!IPV4.matcher(s).matches() && !IPV6.matcher(s).matches()) {
      return Optional.empty();
    }
    try {
      return Optional.of(InetAddress.getByName(s));
    } catch (UnknownHostException e) {
      return Optional.empty();
    }
  }

  /** An address block: the first {@code bits} bits of {@code prefix}. */
  record Network(byte[] prefix, int bits) {
    static Network parse(String cidr) {
      int slash = cidr.indexOf('/');
      String address = slash < 0 ? cidr : cidr.substring(0, slash);
      byte[] bytes = literal(address).map(InetAddress::getAddress).orElseThrow(() ->
          new IllegalArgumentException("gateway.trusted-proxies: '" + cidr
              + "' is not an IP address or CIDR block"));
      int bits;
      try {
        bits = slash < 0 ? bytes.length * 8 : Integer.parseInt(cidr.substring(slash + 1));
      } catch (NumberFormatException e) {
        bits = -1;
      }
      if (bits < 0 || bits > bytes.length * 8) {
        throw new IllegalArgumentException("gateway.trusted-proxies: '" + cidr
            + "' has an invalid prefix length");
      }
      return new Network(bytes, bits);
    }

    boolean contains(InetAddress address) {
      byte[] candidate = address.getAddress();
      if (candidate.length != prefix.length) {
        return false;
      }
      for (int bit = 0; bit < bits; bit++) {
        int mask = 0x80 >>> (bit % 8);
        if ((candidate[bit / 8] & mask) != (prefix[bit / 8] & mask)) {
          return false;
        }
      }
      return true;
    }
  }
}
