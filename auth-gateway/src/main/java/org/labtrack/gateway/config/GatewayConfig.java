package org.labtrack.gateway.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.labtrack.gateway.auth.UserFiles;

/**
 * The gateway's settings. Every key can be set by its environment variable: {@code gateway.}
 * becomes {@code GATEWAY_}, dots and dashes become underscores
 * ({@code gateway.upstream.connect-timeout} is {@code GATEWAY_UPSTREAM_CONNECT_TIMEOUT}).
 */
@ConfigMapping(prefix = "gateway")
public interface GatewayConfig {

  /** Public HTTP port ({@code quarkus.http.port} follows it). */
  @WithDefault("5000")
  int port();

  /** Base URL of tracking-service. */
  @WithDefault("http://127.0.0.1:8081")
  URI trackingUrl();

  /** Base URL of artifact-service. */
  @WithDefault("http://127.0.0.1:8082")
  URI artifactsUrl();

  /** Users file: {@code name=HEX(MD5(name:LabTrack:password))}, read at run time. */
  @WithDefault(UserFiles.DEFAULT_USERS_FILE)
  Path usersFile();

  /** Roles file: {@code name=reader|editor|admin}. */
  @WithDefault(UserFiles.DEFAULT_ROLES_FILE)
  Path rolesFile();

  /** How often the gateway looks for changes to the two files (added users, new passwords). */
  @WithDefault("2s")
  Duration usersReloadInterval();

  /**
   * With no users file present at start: create user {@code admin} with a random password,
   * print the password once on the console and store only its hash. For the embedded launcher.
   */
  @WithDefault("false")
  boolean bootstrapAdmin();

  /** Sent to the services as {@code X-Forwarded-Prefix} (the path LabTrack is mounted under). */
  Optional<String> forwardedPrefix();

  /**
   * Reverse proxies in front of the gateway (addresses or CIDR blocks, such as the Ingress
   * controller's pods), whose {@code X-Forwarded-For} names the client. Unset: the client is
   * whoever connects.
   */
  Optional<List<String>> trustedProxies();

  Upstreams upstream();

  Login login();

  Tokens tokens();

  Session session();

  /** How the gateway talks to the services. */
  interface Upstreams {
    /** Time to get a connection (including waiting for a free one); then 503. */
    @WithDefault("5s")
    Duration connectTimeout();

    /** A connection that neither sends nor receives for this long is closed; 503 if no reply yet. */
    @WithDefault("120s")
    Duration idleTimeout();

    /** Connections per service. Each in-flight request, an upload too, holds one. */
    @WithDefault("256")
    int maxConnections();
  }

  /** Throttling of failed sign-ins per client address. */
  interface Login {
    /** Failed attempts of one account within {@link #window()} before that account is locked
     *  out from the address they came from. */
    @WithDefault("10")
    int maxFailures();

    /** Failed attempts from one address, whatever their accounts, within {@link #window()}
     *  before the address is locked out as a whole. */
    @WithDefault("100")
    int maxFailuresPerAddress();

    @WithDefault("60s")
    Duration window();

    /** How long a locked-out account or address gets 429 for every authenticated route. */
    @WithDefault("60s")
    Duration lockout();

    /** Counts (of an address, of an account from it) remembered at most, oldest forgotten
     *  first, so memory stays bounded. */
    @WithDefault("10000")
    int maxTrackedClients();
  }

  /** The cache of bearer-token checks. */
  interface Tokens {
    /** How long a verified token is trusted without asking tracking-service again; a token
     *  revoked through another gateway replica keeps working for at most this long. */
    @WithDefault("30s")
    Duration cacheTtl();

    @WithDefault("10000")
    int cacheSize();
  }

  /** Web UI sign-in sessions (a signed cookie; see {@code Sessions}). */
  interface Session {
    /** How long a sign-in lasts; a password change ends it earlier. */
    @WithDefault("12h")
    Duration ttl();
  }
}
