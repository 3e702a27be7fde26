package social.kith.ssb;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;

/**
 * The real V8 as a test oracle: one plain {@code node} process (no npm packages) that answers
 * {@code String(number)} and {@code JSON.stringify(JSON.parse(text), null, 2)} line by line.
 * A missing Node fails the test that needs it (never skips).
 */
public final class V8Oracle implements AutoCloseable {
  private static V8Oracle shared;

  private final Process process;
  private final BufferedWriter in;
  private final BufferedReader out;

  private V8Oracle(Process process) {
    this.process = process;
    this.in = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
    this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
  }

  /** The oracle shared by this test JVM (closed by a shutdown hook that ends the process it started). */
  public static synchronized V8Oracle shared() {
    if (shared == null) {
      Path script;
      try {
        script = Path.of(V8Oracle.class.getResource("v8-oracle.cjs").toURI());
      } catch (URISyntaxException e) {
        throw new AssertionError(e);
      }
      try {
        Process p = new ProcessBuilder("node", script.toString())
            .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        shared = new V8Oracle(p);
      } catch (IOException e) {
        throw new AssertionError("cannot start node (is Node 20 on the PATH?): " + e.getMessage(), e);
      }
      V8Oracle started = shared;
      Runtime.getRuntime().addShutdownHook(new Thread(started::close));
    }
    return shared;
  }

  private synchronized String call(String line) {
    try {
      in.write(line);
      in.write('\n');
      in.flush();
      String answer = out.readLine();
      if (answer == null) {
        throw new AssertionError("the node oracle ended");
      }
      return answer;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** V8's {@code String(value)}. */
  public String numberToString(double value) {
    byte[] bits = ByteBuffer.allocate(8).putDouble(value).array();
    return call("N " + HexFormat.of().formatHex(bits));
  }

  /** V8's {@code JSON.stringify(JSON.parse(json), null, 2)}; {@code json} must be one line. */
  public String restringify(String json) {
    String answer = call("J " + json);
    if (answer.startsWith("E ")) {
      throw new AssertionError("V8 refused the JSON: " + answer);
    }
    byte[] utf16 = Base64.getDecoder().decode(answer);
    char[] chars = new char[utf16.length / 2];
    ByteBuffer.wrap(utf16).order(ByteOrder.LITTLE_ENDIAN).asCharBuffer().get(chars);
    return new String(chars);
  }

  @Override
  public void close() {
    try {
      in.close();
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (IOException | InterruptedException e) {
      process.destroyForcibly();
    }
  }
}
