package social.kith.cli.ap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import social.kith.activitypub.discovery.ActorLookup;
import social.kith.activitypub.discovery.DiscoveryError;
import social.kith.activitypub.discovery.DiscoveryException;
import social.kith.activitypub.discovery.Handle;
import social.kith.activitypub.discovery.WebFingerClient;
import social.kith.activitypub.fetch.ActorKey;
import social.kith.activitypub.fetch.ActorResolver;
import social.kith.activitypub.fetch.AddressPolicy;
import social.kith.activitypub.fetch.FetchError;
import social.kith.activitypub.fetch.FetchException;
import social.kith.activitypub.fetch.FetchPolicy;
import social.kith.activitypub.fetch.RemoteActor;
import social.kith.activitypub.fetch.RemoteFetcher;
import social.kith.cli.ExitCode;
import social.kith.crypto.RsaPublicKey;

/**
 * {@code kith ap lookup}: resolves a handle or URL to an ActivityPub actor or object and prints a
 * short summary, or the fetched JSON with {@code --json}. Everything goes through Kith's guarded
 * fetcher; {@code --insecure-local} lets it reach loopback servers over plain http (for a local
 * test server) and nothing else.
 */
@Command(name = "lookup", mixinStandardHelpOptions = true,
    description = {"Resolve an ActivityPub actor or object by handle (@user@host) or URL and print it."},
    footer = {"", "Exit codes: 0 found, 2 bad handle or URL, 3 network or peer failure."})
public final class ApLookupCommand implements Callable<Integer> {
  private static final int MAX_TEXT = 300;

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "<@user@host | URL>", description = "a handle such as @alice@example.social, or an http(s) URL")
  String target;

  @Option(names = "--json", description = "print the fetched JSON document instead of a summary")
  boolean json;

  @Option(names = "--insecure-local",
      description = "INSECURE: allow loopback addresses and plain http (for a local test server only)")
  boolean insecureLocal;

  @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "30",
      description = "total time limit of each fetch (default: ${DEFAULT-VALUE})")
  int timeoutSeconds;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (timeoutSeconds < 1 || timeoutSeconds > 600) {
      err.println("kith ap lookup: --timeout must be between 1 and 600 seconds");
      return ExitCode.BAD_INPUT;
    }
    FetchPolicy.Builder policy = FetchPolicy.builder().deadline(Duration.ofSeconds(timeoutSeconds))
        .connectTimeout(Duration.ofSeconds(Math.min(5, timeoutSeconds)));
    if (insecureLocal) {
      policy.insecureAllowLoopbackForTesting();
    }
    RemoteFetcher fetcher = RemoteFetcher.builder().policy(policy.build()).build();
    String query = target.strip();
    try {
      WebFingerClient webFinger = WebFingerClient.create(fetcher);
      if (ActorLookup.isUrl(query)) {
        fetcher.guard().checkUrl(URI.create(query)); // the user's own URL: a refusal here is bad input
      } else {
        Handle handle = Handle.parse(query);
        if (insecureLocal && isLoopback(handle.hostName())) {
          webFinger = WebFingerClient.insecurePlainHttpForTesting(fetcher);
        }
      }
      ActorLookup lookup = ActorLookup.create(fetcher, ActorResolver.create(fetcher), webFinger);
      ActorLookup.Result result = lookup.lookup(query);
      if (json) {
        out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .writeValueAsString(result.document().json()));
      } else {
        summary(out, result);
      }
      out.flush();
      return ExitCode.OK;
    } catch (IllegalArgumentException e) {
      err.println("kith ap lookup: '" + oneLine(query) + "' is not a valid URL");
      return ExitCode.BAD_INPUT;
    } catch (DiscoveryException e) {
      err.println("kith ap lookup: " + oneLine(e.getMessage()));
      boolean input = e.error() == DiscoveryError.INVALID_HANDLE || e.error() == DiscoveryError.UNRECOGNISED_QUERY;
      return input ? ExitCode.BAD_INPUT : ExitCode.NETWORK;
    } catch (FetchException e) {
      boolean ownUrl = ActorLookup.isUrl(query) && e.uri() != null && e.uri().toString().equals(query)
          && isRefusal(e.error());
      String hint = ownUrl && !insecureLocal && (e.error() == FetchError.BLOCKED_SCHEME
          || e.error() == FetchError.BLOCKED_ADDRESS || e.error() == FetchError.BLOCKED_HOST)
          ? " (use --insecure-local for a server on this machine)" : "";
      err.println("kith ap lookup: " + oneLine(e.getMessage()) + hint);
      return ownUrl ? ExitCode.BAD_INPUT : ExitCode.NETWORK;
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      err.println("kith ap lookup: cannot print the document: " + oneLine(e.getOriginalMessage()));
      return ExitCode.INTERNAL;
    } finally {
      err.flush();
    }
  }

  private static boolean isRefusal(FetchError e) {
    return e == FetchError.BLOCKED_SCHEME || e == FetchError.BLOCKED_ADDRESS || e == FetchError.BLOCKED_HOST
        || e == FetchError.INVALID_URL;
  }

  private static boolean isLoopback(String host) {
    if (host.equals("localhost") || host.endsWith(".localhost")) {
      return true;
    }
    return AddressPolicy.ipLiteral(host)
        .flatMap(AddressPolicy::specialUse)
        .map(r -> r == AddressPolicy.Range.LOOPBACK)
        .orElse(false);
  }

  private static void summary(PrintWriter out, ActorLookup.Result r) {
    JsonNode doc = r.document().json();
    Optional<RemoteActor> actor = r.actor();
    if (actor.isPresent()) {
      RemoteActor a = actor.get();
      out.println(safe(a.type()) + "  " + safe(a.id().toString()));
      r.handle().ifPresent(h -> out.println("  handle:    " + safe(h.toString())));
      a.name().ifPresent(n -> out.println("  name:      " + safe(n)));
      a.preferredUsername().ifPresent(u -> out.println("  username:  " + safe(u)));
      out.println("  inbox:     " + safe(a.inbox().toString()));
      a.sharedInbox().ifPresent(u -> out.println("  shared:    " + safe(u.toString())));
      a.outbox().ifPresent(u -> out.println("  outbox:    " + safe(u.toString())));
      a.followers().ifPresent(u -> out.println("  followers: " + safe(u.toString())));
      for (ActorKey k : a.publicKeys()) {
        String size = k.key() instanceof RsaPublicKey
            ? " " + ((RsaPublicKey) k.key()).modulus().bitLength() + " bits" : "";
        out.println("  key:       " + safe(k.id().toString()) + " (" + k.key().algorithm() + size + ")");
      }
      return;
    }
    JsonNode type = doc.get("type");
    out.println(safe(type == null ? "(no type)" : type.isTextual() ? type.asText() : type.toString())
        + "  " + safe(r.id().toString()));
    for (String field : new String[] {"attributedTo", "actor", "published", "inReplyTo", "summary", "name", "content"}) {
      JsonNode v = doc.get(field);
      if (v != null && !v.isNull()) {
        String text = v.isTextual() ? v.asText() : v.toString();
        out.println("  " + field + ": " + safe(text));
      }
    }
  }

  /** Remote text for a terminal: control characters (ANSI escapes, newlines) replaced, length capped. */
  static String safe(String s) {
    StringBuilder b = new StringBuilder(Math.min(s.length(), MAX_TEXT + 3));
    for (int i = 0; i < s.length() && b.length() < MAX_TEXT; i++) {
      char c = s.charAt(i);
      b.append(Character.isISOControl(c) || c == '\u2028' || c == '\u2029' || c == '\u202e' ? ' ' : c);
    }
    return s.length() > MAX_TEXT ? b + "..." : b.toString();
  }

  private static String oneLine(String s) {
    return s == null ? "" : safe(s);
  }
}
