package social.kith.cli.ssb;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import social.kith.cli.ExitCode;
import social.kith.ssb.FeedId;
import social.kith.ssb.SecretFile;
import social.kith.ssb.SsbException;
import social.kith.ssb.SsbKeyPair;
import social.kith.ssb.blobs.BlobStore;
import social.kith.ssb.net.NetException;
import social.kith.ssb.peer.ReplicationMode;
import social.kith.ssb.peer.SsbPeer;
import social.kith.ssb.store.SsbStore;

/**
 * {@code kith ssb serve --data DIR [--host H] [--port P] [--follow @id ...] [--connect ADDRESS ...]}: runs a peer until
 * SIGINT or SIGTERM, then closes it cleanly. Its multiserver address is the only line on stdout.
 * The data folder holds {@code secret} (ssb-keys format, 0600, created on first run), {@code store}
 * and {@code blobs}.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
    description = {"Run a Secure Scuttlebutt peer until stopped (Ctrl-C or SIGTERM).",
        "Prints its multiserver address on stdout; keys, messages and blobs live in --data."})
public final class SsbServeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--data", required = true, paramLabel = "DIR", description = "The data folder (created if needed).")
  Path data;

  @Option(names = "--host", defaultValue = "127.0.0.1", paramLabel = "HOST",
      description = "Address to listen on (default ${DEFAULT-VALUE}).")
  String host;

  @Option(names = "--port", defaultValue = "8008", paramLabel = "P", description = "Port (default ${DEFAULT-VALUE}; 0 picks one).")
  int port;

  @Option(names = "--follow", paramLabel = "@ID", description = "Also replicate this feed (repeatable).")
  List<String> follow = new ArrayList<>();

  @Option(names = "--hops", defaultValue = "1", paramLabel = "N", description = "Follow-graph hops replicated (default ${DEFAULT-VALUE}).")
  int hops;

  @Option(names = "--connect", paramLabel = "ADDRESS",
      description = "Also dial this peer, and redial it whenever it is not connected (repeatable).")
  List<String> connect = new ArrayList<>();

  @Option(names = "--legacy", description = "Replicate with createHistoryStream only (no EBT).")
  boolean legacy;

  @Option(names = "--json", description = "Print the address as {\"id\": ..., \"address\": ...}.")
  boolean json;

  private final CountDownLatch stop = new CountDownLatch(1);
  private final CountDownLatch closed = new CountDownLatch(1);

  /** Stops a running {@link #call()} as SIGTERM would. */
  void stop() {
    stop.countDown();
  }

  @Override
  public Integer call() throws IOException, InterruptedException {
    try {
      return serve();
    } finally {
      closed.countDown();
    }
  }

  /** On SIGINT/SIGTERM: ask {@link #serve} to stop, and hold the JVM until the peer and store are closed. */
  private void onSignal() {
    stop.countDown();
    try {
      closed.await(SsbPeer.CLOSE_WAIT_SECONDS + 5L, java.util.concurrent.TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private int serve() throws IOException, InterruptedException {
    List<FeedId> feeds = parseFeeds(follow, spec);
    if (port < 0 || port > 65535 || hops < 0 || hops > 6) {
      spec.commandLine().getErr().println("kith ssb serve: --port must be 0-65535 and --hops 0-6");
      return ExitCode.BAD_INPUT;
    }
    for (String address : connect) {
      if (!social.kith.ssb.MultiserverAddress.isValid(address)) {
        spec.commandLine().getErr().println("kith ssb serve: not a multiserver address: " + address);
        return ExitCode.BAD_INPUT;
      }
    }
    SsbKeyPair keys = keys(data);
    try (SsbStore store = SsbStore.open(data.resolve("store"));
        SsbPeer peer = SsbPeer.builder(keys, store, BlobStore.open(data.resolve("blobs"))).listen(host, port)
            .follow(feeds).hops(hops).replication(legacy ? ReplicationMode.LEGACY : ReplicationMode.EBT).build()) {
      Thread hook = new Thread(this::onSignal, "kith-ssb-serve-stop");
      Runtime.getRuntime().addShutdownHook(hook);
      try {
        peer.start();
        for (String address : connect) {
          peer.keepConnected(address);
        }
        spec.commandLine().getOut().println(json ? social.kith.cli.Json.object(java.util.Map.of(
            "id", keys.id().toString(), "address", peer.address().orElseThrow()))
            : peer.address().orElseThrow());
        spec.commandLine().getOut().flush();
        stop.await();
      } finally {
        try {
          Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
          // shutting down already: the hook ran
        }
      }
    } catch (NetException e) {
      spec.commandLine().getErr().println("kith ssb serve: " + e.getMessage());
      return e.error() == social.kith.ssb.net.NetError.UNSUPPORTED_ADDRESS ? ExitCode.BAD_INPUT : ExitCode.NETWORK;
    }
    return ExitCode.OK;
  }

  /** The feed ids given on the command line; a bad one is a usage error. */
  static List<FeedId> parseFeeds(List<String> ids, CommandSpec spec) {
    List<FeedId> out = new ArrayList<>();
    for (String s : ids) {
      if (!FeedId.isValid(s)) {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "not a feed id: " + s);
      }
      out.add(FeedId.parse(s));
    }
    return out;
  }

  /** The keys in {@code DIR/secret}, created (0600) on first use. */
  static SsbKeyPair keys(Path data) throws IOException {
    Files.createDirectories(data);
    Path secret = data.resolve("secret");
    if (Files.exists(secret)) {
      return SecretFile.read(secret);
    }
    SsbKeyPair keys = SsbKeyPair.generate();
    try {
      SecretFile.write(secret, keys);
    } catch (SsbException e) {
      return SecretFile.read(secret); // created meanwhile by another run
    }
    return keys;
  }
}
