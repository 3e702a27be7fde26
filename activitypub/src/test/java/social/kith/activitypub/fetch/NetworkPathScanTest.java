package social.kith.activitypub.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import social.kith.testkit.SharedData;

/**
 * Checklist item 44: no code path reaches the network without the guard. Only the fetch package
 * (whose client has the guarded DNS and sockets) may construct OkHttp clients or requests or start
 * calls, and nothing in the module uses the JDK's own HTTP clients or URL connections.
 */
final class NetworkPathScanTest {
  // Outside the fetch package no file may name OkHttp (an import or a qualified name) except its pure URL
  // parser HttpUrl, so it cannot build a client or a request; calls on a client handed in are caught by name.
  private static final List<String> OKHTTP_ENTRY_POINTS = List.of("okhttp3", ".newCall(", "newWebSocket(");
  private static final List<String> FORBIDDEN_EVERYWHERE =
      List.of("java.net.http.", "HttpURLConnection", ".openConnection(", ".openStream(", "new Socket(",
          "SocketChannel.open(", "HttpClient.new");

  @Test
  void onlyTheFetchPackageReachesOkHttp() throws IOException {
    Path main = SharedData.repositoryRoot().resolve("activitypub/src/main/java");
    Path fetch = main.resolve("social/kith/activitypub/fetch");
    List<String> violations = new ArrayList<>();
    int scanned = 0;
    try (Stream<Path> files = Files.walk(main)) {
      for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".java"))::iterator) {
        scanned++;
        List<String> lines = Files.readAllLines(f);
        boolean inFetch = f.getParent().equals(fetch);
        for (int i = 0; i < lines.size(); i++) {
          String line = lines.get(i);
          for (String s : FORBIDDEN_EVERYWHERE) {
            if (line.contains(s)) {
              violations.add(main.relativize(f) + ":" + (i + 1) + " uses " + s);
            }
          }
          if (!inFetch) {
            for (String s : OKHTTP_ENTRY_POINTS) {
              if (line.replace("okhttp3.HttpUrl", "").contains(s) && !f.endsWith("module-info.java")) {
                violations.add(main.relativize(f) + ":" + (i + 1) + " reaches OkHttp outside the guarded fetcher: " + s);
              }
            }
          }
        }
      }
    }
    assertTrue(scanned > 20, "scanned " + scanned + " files");
    assertEquals(List.of(), violations);
  }

  @Test
  void theScanWouldCatchAViolation() {
    String offending = "    okhttp3.Call c = new OkHttpClient().newCall(new Request.Builder().url(u).build());";
    assertTrue(OKHTTP_ENTRY_POINTS.stream().anyMatch(offending::contains));
    assertTrue(OKHTTP_ENTRY_POINTS.stream().anyMatch("import okhttp3.OkHttpClient;"::contains));
    assertTrue(OKHTTP_ENTRY_POINTS.stream().noneMatch("return new Request(method, target, headers, body);"::contains),
        "the signature package's own Request value is not OkHttp");
    assertTrue(FORBIDDEN_EVERYWHERE.stream().anyMatch("HttpClient.newHttpClient()"::contains));
  }
}
