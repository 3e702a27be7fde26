package social.kith.examples;

import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The examples' command-line options: {@code --name value}, repeated {@code --name a --name b}, and
 * flags ({@code --once}), plus the {@code --help} and {@code --base-url} handling the examples share.
 * Deliberately tiny so that each example stays one copyable file plus this and {@link Wait}; a real
 * program would use picocli (as the {@code kith} command does). Every mistake is an
 * {@link UsageException} whose message is the one line the example prints before exiting with 2.
 */
public final class Args {
  /** Exit code: done. */
  public static final int OK = 0;
  /** Exit code: bad input or usage (one line on stderr says what). */
  public static final int USAGE = 2;
  /** Exit code: a network or peer failure, or nothing arrived in time. */
  public static final int NETWORK = 3;

  private final Map<String, List<String>> values = new HashMap<>();
  private final Set<String> flags;

  private Args(Set<String> flags) {
    this.flags = flags;
  }

  /**
   * Parses {@code args}. Names in {@code flags} take no value; names in {@code options} take one;
   * anything else is refused.
   */
  public static Args parse(String[] args, Set<String> options, Set<String> flags) {
    Args a = new Args(flags);
    for (int i = 0; i < args.length; i++) {
      String name = args[i];
      if (flags.contains(name)) {
        a.values.computeIfAbsent(name, k -> new ArrayList<>()).add("true");
      } else if (options.contains(name)) {
        if (i + 1 >= args.length) {
          throw new UsageException(name + " needs a value");
        }
        a.values.computeIfAbsent(name, k -> new ArrayList<>()).add(args[++i]);
      } else {
        throw new UsageException("unknown option: " + name);
      }
    }
    return a;
  }

  /**
   * Runs an example's body as its {@code main}: Ctrl-C or SIGTERM interrupts it and waits up to 15
   * seconds for it to return (so its try-with-resources blocks close the client, the stores and the
   * sockets), then the JVM exits with the body's exit code.
   */
  public static void main(java.util.function.IntSupplier body) {
    Thread main = Thread.currentThread();
    java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      main.interrupt();
      try {
        done.await(15, java.util.concurrent.TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "example-stop"));
    int code;
    try {
      code = body.getAsInt();
    } finally {
      done.countDown();
    }
    System.exit(code);
  }

  /** True, after printing {@code usage} on {@code out}, if {@code argv} asks for {@code --help}. */
  public static boolean help(String[] argv, PrintStream out, String usage) {
    if (!java.util.Arrays.asList(argv).contains("--help")) {
      return false;
    }
    out.println(usage);
    return true;
  }

  /**
   * The public base URL of an example that serves ActivityPub, from {@code --base-url}: it must be
   * https, unless the flag {@code --insecure-local} (trying it on this machine) is given, which also
   * makes it optional (empty: the server's own http address).
   */
  public Optional<URI> baseUrl() {
    boolean insecure = flag("--insecure-local");
    Optional<String> given = value("--base-url");
    Optional<URI> base;
    try {
      base = given.isPresent() ? Optional.of(new URI(given.get())) : Optional.empty();
    } catch (java.net.URISyntaxException e) {
      throw new UsageException("--base-url is not a URL: " + e.getInput());
    }
    if (base.isEmpty() && !insecure) {
      throw new UsageException("give --base-url https://... (or --insecure-local to try it on this machine)");
    }
    if (base.isPresent() && !"https".equals(base.get().getScheme()) && !insecure) {
      throw new UsageException("--base-url must be https (plain http needs --insecure-local)");
    }
    return base;
  }

  /** True if the flag was given. */
  public boolean flag(String name) {
    if (!flags.contains(name)) {
      throw new IllegalArgumentException(name + " is not a flag");
    }
    return values.containsKey(name);
  }

  /** The value of a single-valued option, if given (given twice is a usage error). */
  public Optional<String> value(String name) {
    List<String> v = values.getOrDefault(name, List.of());
    if (v.size() > 1) {
      throw new UsageException(name + " was given more than once");
    }
    return v.stream().findFirst();
  }

  /** Every value of a repeatable option, in order. */
  public List<String> all(String name) {
    return List.copyOf(values.getOrDefault(name, List.of()));
  }

  /** The value of a required option. */
  public String required(String name) {
    return value(name).orElseThrow(() -> new UsageException(name + " is required"));
  }

  /** A path option. */
  public Optional<Path> path(String name) {
    return value(name).map(Path::of);
  }

  /** An integer option within {@code [min, max]}. */
  public int integer(String name, int fallback, int min, int max) {
    Optional<String> v = value(name);
    if (v.isEmpty()) {
      return fallback;
    }
    try {
      int n = Integer.parseInt(v.get());
      if (n < min || n > max) {
        throw new UsageException(name + " must be " + min + " to " + max + ", was " + n);
      }
      return n;
    } catch (NumberFormatException e) {
      throw new UsageException(name + " must be a whole number, was " + v.get());
    }
  }

  /** A duration in whole seconds within {@code [1, maxSeconds]}. */
  public Duration seconds(String name, int fallback, int maxSeconds) {
    return Duration.ofSeconds(integer(name, fallback, 1, maxSeconds));
  }

  /** A usage mistake; its message is one line for stderr. */
  public static final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UsageException(String message) {
      super(message);
    }
  }
}
