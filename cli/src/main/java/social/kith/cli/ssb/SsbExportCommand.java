package social.kith.cli.ssb;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import social.kith.cli.ExitCode;
import social.kith.ssb.FeedId;
import social.kith.ssb.json.JsonObject;
import social.kith.ssb.json.V8Json;
import social.kith.ssb.store.Order;
import social.kith.ssb.store.PageRequest;
import social.kith.ssb.store.SsbStore;
import social.kith.ssb.store.StoredMessage;

/**
 * {@code kith ssb export --data DIR --feed @id}: the stored messages of one feed as JSON lines
 * {@code {"key": ..., "value": ...}} in sequence order, values exactly as signed (key order kept).
 */
@Command(name = "export", mixinStandardHelpOptions = true,
    description = {"Print a stored feed as JSON lines {\"key\": ..., \"value\": ...}, in sequence order."})
public final class SsbExportCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--data", required = true, paramLabel = "DIR", description = "The data folder.")
  Path data;

  @Option(names = "--feed", required = true, paramLabel = "@ID", description = "The feed to print.")
  String feed;

  @Option(names = "--json", description = "JSON lines (the only format; accepted for symmetry with other commands).")
  boolean json;

  @Override
  public Integer call() {
    FeedId id = SsbServeCommand.parseFeeds(java.util.List.of(feed), spec).get(0);
    if (!Files.isDirectory(data.resolve("store"))) {
      spec.commandLine().getErr().println("kith ssb export: no store in " + data);
      return ExitCode.BAD_INPUT;
    }
    var out = spec.commandLine().getOut();
    try (SsbStore store = SsbStore.open(data.resolve("store"))) {
      var page = store.byFeed(id, new PageRequest(Order.OLDEST_FIRST, PageRequest.MAX_LIMIT, Optional.empty()));
      while (true) {
        for (StoredMessage m : page.items()) {
          out.println(V8Json.stringifyCompact(JsonObject.builder().put("key", m.key().toString())
              .put("value", m.value()).build()));
        }
        if (page.next().isEmpty()) {
          break;
        }
        page = store.byFeed(id, new PageRequest(Order.OLDEST_FIRST, PageRequest.MAX_LIMIT, page.next()));
      }
    }
    out.flush();
    return ExitCode.OK;
  }
}
