package org.labtrack.benchmark;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Benchmarks any MLflow-compatible tracking server.
 *
 * <pre>
 * java -jar benchmark/target/labtrack-benchmark.jar --url http://localhost:5000 \
 *     --user admin --password ... \
 *     [--scenarios logging,cost,retrieval,search,history,stepwise,writers,artifact,ui,startup]
 * </pre>
 * Run with {@code --help} for every option.
 */
public final class Benchmark {
  private Benchmark() {
  }

  /** Every scenario, in the order they run whatever order they are named in. */
  static final List<String> SCENARIOS = List.of("logging", "cost", "retrieval", "search",
      "history", "stepwise", "writers", "artifact", "ui", "startup");

  public static void main(String[] args) throws Exception {
    try {
      run(args);
    } catch (IllegalArgumentException e) {
      // a mistyped option or value (NumberFormatException is one): say so, without a trace
      System.err.println("benchmark: " + e.getMessage() + "; see --help");
      System.exit(2);
    }
  }

  private static void run(String[] args) throws Exception {
    Map<String, String> o = parse(args);
    if (o.containsKey("help")) {
      System.out.println(HELP);
      return;
    }
    String url = o.getOrDefault("url", "http://localhost:5000");
    String user = o.getOrDefault("user", System.getenv("MLFLOW_TRACKING_USERNAME"));
    String password = o.getOrDefault("password", System.getenv("MLFLOW_TRACKING_PASSWORD"));
    Set<String> scenarios = scenarios(o.getOrDefault("scenarios", "logging,retrieval"));
    Http.Factory http = stats -> new Http(url, user, password, stats);
    int users = Integer.parseInt(o.getOrDefault("users", "20"));
    int iterations = Integer.parseInt(o.getOrDefault("iterations", "100"));
    int warmUp = Integer.parseInt(o.getOrDefault("warm-up", "0"));

    System.out.printf(Locale.ROOT, "LabTrack benchmark against %s%s, %s, %d cores, Java %s%n",
        url, user == null ? "" : " as " + user, LocalDateTime.now().withNano(0),
        Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
    if (scenarios.contains("logging")) {
      Workloads.logging(http, users, iterations, warmUp).print(Workloads.TARGETS);
    }
    if (scenarios.contains("cost")) {
      CostScenario.run(http, Integer.parseInt(o.getOrDefault("cost-samples", "300")));
    }
    if (scenarios.contains("retrieval")) {
      Workloads.retrieval(http, users, iterations, warmUp,
          Integer.parseInt(o.getOrDefault("preload-runs", "100"))).print(Workloads.TARGETS);
    }
    if (scenarios.contains("search")) {
      List<Integer> sizes = Arrays.stream(o.getOrDefault("search-sizes", "1000,10000,100000")
          .split(",")).map(Integer::parseInt).toList();
      ScaleScenarios.search(http, sizes, Integer.parseInt(o.getOrDefault("search-samples", "30")));
    }
    if (scenarios.contains("history")) {
      ScaleScenarios.history(http, Integer.parseInt(o.getOrDefault("history-points", "1000000")),
          Integer.parseInt(o.getOrDefault("history-samples", "5")));
    }
    if (scenarios.contains("stepwise")) {
      ScaleScenarios.stepwise(http, Integer.parseInt(o.getOrDefault("stepwise-points", "10000")),
          Integer.parseInt(o.getOrDefault("stepwise-samples", "500")));
    }
    if (scenarios.contains("writers")) {
      ScaleScenarios.writers(http, Integer.parseInt(o.getOrDefault("writers", "50")),
          Integer.parseInt(o.getOrDefault("writers-seconds", "600")),
          Integer.parseInt(o.getOrDefault("writers-interval-ms", "200")));
    }
    if (scenarios.contains("artifact")) {
      ArtifactScenario.run(http, bytes(o.getOrDefault("artifact-size", "5g")),
          o.containsKey("baseline-dir") ? Path.of(o.get("baseline-dir")) : null,
          Path.of(o.getOrDefault("stack-home", ".")));
    }
    if (scenarios.contains("ui")) {
      UiScenario.run(http, user, password, Integer.parseInt(o.getOrDefault("ui-runs", "10000")),
          Integer.parseInt(o.getOrDefault("ui-points", "100000")),
          Integer.parseInt(o.getOrDefault("ui-samples", "5")),
          Path.of(o.getOrDefault("chromium", "/usr/bin/chromium")),
          Path.of(o.getOrDefault("chromedriver", "/usr/bin/chromedriver")));
    }
    if (scenarios.contains("startup")) {
      StartupScenario.run(Path.of(o.getOrDefault("startup-home", ".")),
          o.getOrDefault("startup-db-url", "jdbc:mysql://127.0.0.1:3306/labtrack_bench"),
          o.getOrDefault("startup-db-user", "root"), o.getOrDefault("startup-db-password", ""),
          Duration.ofSeconds(Integer.parseInt(o.getOrDefault("startup-idle-seconds", "10"))));
    }
  }

  /** The scenarios a comma-separated list names, each once; an unknown name is refused. */
  static Set<String> scenarios(String list) {
    Set<String> chosen = new LinkedHashSet<>();
    for (String name : list.split(",")) {
      String scenario = name.trim();
      if (!SCENARIOS.contains(scenario)) {
        throw new IllegalArgumentException("unknown scenario '" + scenario + "' (the scenarios: "
            + String.join(",", SCENARIOS) + ")");
      }
      chosen.add(scenario);
    }
    return chosen;
  }

  static long bytes(String size) {
    String s = size.toLowerCase(Locale.ROOT);
    long unit = s.endsWith("g") ? 1L << 30 : s.endsWith("m") ? 1L << 20 : s.endsWith("k") ? 1L << 10 : 1;
    return Long.parseLong(unit == 1 ? s : s.substring(0, s.length() - 1)) * unit;
  }

  static Map<String, String> parse(String[] args) {
    Map<String, String> options = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (!a.startsWith("--")) {
        throw new IllegalArgumentException("unexpected argument " + a + "; see --help");
      }
      String key = a.substring(2);
      if (key.contains("=")) {
        options.put(key.substring(0, key.indexOf('=')), key.substring(key.indexOf('=') + 1));
      } else if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
        options.put(key, args[++i]);
      } else {
        options.put(key, "true");
      }
    }
    return options;
  }

  private static final String HELP = """
      LabTrack benchmark: FastTrackML's workload and LabTrack's scale scenarios against any
      MLflow-compatible tracking server.

        --url URL                 base URL (default http://localhost:5000)
        --user NAME --password P  HTTP Basic credentials (default MLFLOW_TRACKING_USERNAME/PASSWORD)
        --scenarios LIST          logging,cost,retrieval,search,history,stepwise,writers,
                                  artifact,ui,startup
                                  (default logging,retrieval)
        --users N --iterations N  virtual users and iterations each (default 20 and 100)
        --warm-up N               logging and retrieval first run N iterations per user that
                                  are not counted, for a server's steady state (default 0)
        --cost-samples N          requests of each kind for cost (default 300): the CPU each
                                  process spends per logging request, one client
        --preload-runs N          runs preloaded for retrieval (default 100)
        --search-sizes LIST       experiment sizes for runs/search (default 1000,10000,100000)
        --search-samples N        searches per size (default 30)
        --history-points N        points of the long metric (default 1000000)
        --stepwise-points N --stepwise-samples N
                                  a metric logged a step per request: steps before (default
                                  10000), then samples of one more step and a read (default 500)
        --writers N --writers-seconds S --writers-interval-ms MS
                                  steady writers (default 50 for 600 s, a batch each 200 ms)
        --artifact-size SIZE      e.g. 5g, 512m (default 5g)
        --baseline-dir DIR        also write the artifact's bytes straight to DIR, for comparison
        --ui-runs N --ui-points N --ui-samples N
                                  web UI first render: experiment size (default 10000), metric
                                  points (default 100000), page loads measured (default 5)
        --chromium PATH --chromedriver PATH
                                  the browser (default /usr/bin/chromium, /usr/bin/chromedriver)
        --stack-home DIR          checkout whose running services' RSS is sampled (default .)
        --startup-home DIR        checkout with built services (default .), plus
        --startup-db-url URL --startup-db-user U --startup-db-password P
        --startup-idle-seconds S  each start idles S seconds before its RSS is read (default 10)
      """;
}
