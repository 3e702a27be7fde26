package social.kith.cli.ssb;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import social.kith.cli.ExitCode;
import social.kith.ssb.FeedId;
import social.kith.ssb.MultiserverAddress;
import social.kith.ssb.SsbKeyPair;
import social.kith.ssb.blobs.BlobStore;
import social.kith.ssb.net.NetError;
import social.kith.ssb.net.NetException;
import social.kith.ssb.shs.HandshakeException;
import social.kith.ssb.peer.PeerException;
import social.kith.ssb.peer.PeerListener;
import social.kith.ssb.peer.SsbPeer;
import social.kith.ssb.store.SsbStore;

/**
 * {@code kith ssb replicate <address> --data DIR [--feed @id ...]}: connects once, fetches the named
 * feeds (or the follow graph) until the peer has nothing more, and prints {@code <feed id> <latest
 * sequence>} per feed. Progress goes to stderr only when stderr is a terminal. Exit 2 for a bad
 * address, 3 when the peer cannot be reached or the time runs out.
 */
@Command(name = "replicate", mixinStandardHelpOptions = true,
    description = {"Fetch feeds from one peer until caught up, then print '<feed id> <latest sequence>' per feed."})
public final class SsbReplicateCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "ADDRESS", description = "The peer, net:host:port~shs:key.")
  String address;

  @Option(names = "--data", required = true, paramLabel = "DIR", description = "The data folder (created if needed).")
  Path data;

  @Option(names = "--feed", paramLabel = "@ID", description = "A feed to fetch (repeatable); default: the follow graph.")
  List<String> feed = new ArrayList<>();

  @Option(names = "--hops", defaultValue = "1", paramLabel = "N", description = "Follow-graph hops without --feed (default ${DEFAULT-VALUE}).")
  int hops;

  @Option(names = "--timeout", defaultValue = "300", paramLabel = "SECONDS", description = "Give up after this long (default ${DEFAULT-VALUE}).")
  int timeout;

  @Option(names = "--json", description = "Print {\"feeds\": {\"@id\": latest sequence, ...}} instead of lines.")
  boolean json;

  /** Whether stderr is a terminal (the progress line); tests set it. */
  boolean terminal = social.kith.cli.Progress.terminal();

  @Override
  public Integer call() throws IOException {
    List<FeedId> feeds = SsbServeCommand.parseFeeds(feed, spec);
    if (!MultiserverAddress.isValid(address)) {
      spec.commandLine().getErr().println("kith ssb replicate: not a multiserver address: " + address);
      return ExitCode.BAD_INPUT;
    }
    if (timeout < 1 || hops < 0 || hops > 6) {
      spec.commandLine().getErr().println("kith ssb replicate: --timeout must be positive and --hops 0-6");
      return ExitCode.BAD_INPUT;
    }
    var err = spec.commandLine().getErr();
    social.kith.cli.Progress bar = social.kith.cli.Progress.on(err, terminal, 0);
    java.util.concurrent.atomic.AtomicLong stored = new java.util.concurrent.atomic.AtomicLong();
    PeerListener progress = new PeerListener() {
      @Override
      public void stored(FeedId f, long latest, int count, FeedId from) {
        bar.update(stored.addAndGet(count), "messages; " + f + " at " + latest);
      }

      @Override
      public void rejected(FeedId f, FeedId from, social.kith.ssb.store.RejectedMessageException reason) {
        synchronized (err) {
          err.println("kith ssb replicate: refused a message of " + f + ": " + reason.code());
        }
      }
    };
    SsbKeyPair keys = SsbServeCommand.keys(data);
    Map<FeedId, Long> result;
    try (SsbStore store = SsbStore.open(data.resolve("store"));
        SsbPeer peer = SsbPeer.builder(keys, store, BlobStore.open(data.resolve("blobs"))).hops(hops)
            .autoReplicate(false).listener(progress).build()) {
      result = peer.replicateOnce(address, feeds, Duration.ofSeconds(timeout));
    } catch (NetException e) {
      err.println("kith ssb replicate: " + e.getMessage());
      return e.error() == NetError.UNSUPPORTED_ADDRESS ? ExitCode.BAD_INPUT : ExitCode.NETWORK;
    } catch (PeerException e) {
      err.println("kith ssb replicate: " + e.getMessage());
      return ExitCode.NETWORK;
    } catch (HandshakeException e) {
      err.println("kith ssb replicate: handshake refused: " + e.getMessage());
      return ExitCode.NETWORK;
    }
    bar.close();
    var out = spec.commandLine().getOut();
    if (json) {
      Map<String, Object> latest = new java.util.LinkedHashMap<>();
      result.forEach((f, seq) -> latest.put(f.toString(), seq));
      out.println(social.kith.cli.Json.object(Map.of("feeds", latest)));
    } else {
      result.forEach((f, seq) -> out.println(f + " " + seq));
    }
    out.flush();
    return ExitCode.OK;
  }
}
