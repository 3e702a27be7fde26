package social.kith.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import social.kith.cli.demo.Demo;
import social.kith.cli.demo.DemoReport;
import social.kith.core.ErrorCode;
import social.kith.core.KithException;
import social.kith.core.model.Post;

/**
 * {@code kith demo}: the main job, with no setup and no external service. Two people, each with an
 * ActivityPub actor on its own local server and an SSB feed on its own loopback peer in one Kith
 * client, follow each other, post, reply, like, boost and send private messages on both networks;
 * then the first one's merged timeline and what crossed the wire are printed, every count read
 * from the verifiers and replicators (see {@link Demo}).
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = {"Run the demo: two ActivityPub servers and two SSB peers on 127.0.0.1, one Kith client per person.",
        "Prints the merged timeline and what crossed the wire (signatures verified, messages replicated)."},
    footer = {"", "Exit codes: 0 success, 2 bad option (e.g. --data not empty), 3 a server or peer did not answer in time,",
        "70 an internal error."})
public final class DemoCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--data", paramLabel = "DIR",
      description = "Data folder, new or empty (default: a fresh temporary folder).")
  Path data;

  @Option(names = "--keep", description = "Keep the data folder for inspection instead of removing it.")
  boolean keep;

  @Option(names = "--json", description = "Print only the summary, as one JSON object.")
  boolean json;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Path dir;
    boolean created;
    if (data == null) {
      dir = Files.createTempDirectory("kith-demo-");
      created = true;
    } else {
      created = !Files.exists(data);
      if (!created && (!Files.isDirectory(data) || !isEmpty(data))) {
        err.println("kith demo: --data must be a new or empty folder: " + data);
        return ExitCode.BAD_INPUT;
      }
      dir = Files.createDirectories(data);
    }
    try {
      PrintWriter story = json ? new PrintWriter(PrintWriter.nullWriter()) : out;
      story.println("Kith demo: everything below runs on this machine (127.0.0.1), data in " + dir);
      story.println();
      DemoReport report = Demo.run(dir, story);
      if (json) {
        out.println(Json.object(summary(report, dir)));
      }
      out.flush();
      return ExitCode.OK;
    } catch (KithException e) {
      err.println("kith demo: " + e.getMessage());
      if (e.code() == ErrorCode.Standard.NETWORK_FAILURE) {
        return ExitCode.NETWORK;
      }
      e.printStackTrace(err);
      return ExitCode.INTERNAL;
    } finally {
      if (keep) {
        err.println("kith demo: data kept in " + dir);
      } else if (created) {
        deleteTree(dir);
      } else {
        deleteContents(dir);
      }
    }
  }

  private Map<String, Object> summary(DemoReport report, Path dir) {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("seconds", Math.round(report.elapsed().toMillis() / 100.0) / 10.0);
    Map<String, Object> ap = new LinkedHashMap<>();
    report.activityPub().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("signaturesVerified", e.getValue().signaturesVerified());
      m.put("activitiesProcessed", e.getValue().activitiesProcessed());
      m.put("deliveriesRefused", e.getValue().deliveriesRefused());
      m.put("deliveriesSent", e.getValue().deliveriesSent());
      m.put("deliveriesFailed", e.getValue().deliveriesFailed());
      ap.put(e.getKey(), m);
    });
    s.put("activitypub", ap);
    Map<String, Object> ssb = new LinkedHashMap<>();
    report.ssb().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("messagesReplicated", e.getValue().messagesReplicated());
      m.put("messagesRejected", e.getValue().messagesRejected());
      m.put("connections", e.getValue().connections());
      m.put("ownFeedLength", e.getValue().ownFeedLength());
      ssb.put(e.getKey(), m);
    });
    s.put("ssb", ssb);
    List<Object> timeline = new ArrayList<>();
    for (Post p : report.timeline()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("protocol", p.protocol().id());
      m.put("id", p.id().value());
      m.put("author", p.author().value());
      m.put("createdAt", p.createdAt().toString());
      m.put("visibility", p.visibility().name().toLowerCase(java.util.Locale.ROOT));
      m.put("reply", p.inReplyTo().isPresent());
      m.put("text", p.content().plainText());
      timeline.add(m);
    }
    s.put("timeline", timeline);
    s.put("data", dir.toString());
    s.put("kept", keep);
    return s;
  }

  private static boolean isEmpty(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.findAny().isEmpty();
    }
  }

  private static void deleteContents(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      for (Path p : s.toList()) {
        deleteTree(p);
      }
    }
  }

  static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
