package social.kith.ssb;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Set;
import social.kith.ssb.internal.CanonicalBase64;
import social.kith.ssb.json.JsonObject;
import social.kith.ssb.json.JsonParser;
import social.kith.ssb.json.JsonString;
import social.kith.ssb.json.JsonValue;
import social.kith.ssb.json.V8Json;

/**
 * Reads and writes {@code ~/.ssb/secret} in the format of ssb-keys 8.5.0: a comment header, the
 * JSON {@code {curve, public, private, id}} and a trailing comment with the public id. Reading is
 * strict (a malformed or inconsistent file is {@link SsbError#MALFORMED_SECRET}, never a partial
 * key). Writing never overwrites ({@link SsbError#SECRET_EXISTS}) and creates the file readable by
 * its owner only (0600; ssb-keys itself uses 0400).
 */
public final class SecretFile {
  private SecretFile() {}

  private static final System.Logger LOG = System.getLogger(SecretFile.class.getName());

  /** The largest secret file read; real ones are under 1 KiB. */
  public static final int MAX_SIZE = 16 * 1024;

  private static final String HEADER = """
      # WARNING: Never show this to anyone.
      # WARNING: Never edit it or use it on multiple devices at once.
      #
      # This is your SECRET, it gives you magical powers. With your secret you can
      # sign your messages so that your friends can verify that the messages came
      # from you. If anyone learns your secret, they can use it to impersonate you.
      #
      # If you use this secret on more than one device you will create a fork and
      # your friends will stop replicating your content.
      #
      """;

  /** The file's text for {@code keys}, byte for byte what ssb-keys writes. */
  public static String format(SsbKeyPair keys) {
    String pub = keys.id().toString().substring(1);
    JsonObject json = JsonObject.builder()
        .put("curve", "ed25519")
        .put("public", pub)
        .put("private", CanonicalBase64.encode(keys.secretKey()) + ".ed25519")
        .put("id", keys.id().toString())
        .build();
    return HEADER + V8Json.stringify(json) + "\n#\n# The only part of this file that's safe to share is your public name:\n#\n#   "
        + keys.id();
  }

  /** Parses the file's text as ssb-keys' {@code reconstructKeys} does, then checks every field. */
  public static SsbKeyPair parse(String text) {
    if (text.length() > MAX_SIZE) {
      throw malformed("larger than " + MAX_SIZE + " characters");
    }
    // ssb-keys: strip /\s*#[^\n]*/g, split on \n, drop empty lines, join.
    String stripped = text.replaceAll("\\s*#[^\\n]*", "");
    StringBuilder json = new StringBuilder();
    for (String line : stripped.split("\n", -1)) {
      json.append(line);
    }
    JsonValue v;
    try {
      v = JsonParser.withLimits(4, MAX_SIZE).parse(json);
    } catch (SsbException e) {
      throw malformed("not JSON (" + e.code() + "); legacy non-JSON secrets are not supported");
    }
    if (!(v instanceof JsonObject o)) {
      throw malformed("not a JSON object");
    }
    String curve = string(o, "curve");
    if (!curve.equals("ed25519")) {
      throw malformed("unsupported curve");
    }
    String pub = string(o, "public");
    byte[] publicKey = pub.endsWith(".ed25519") ? CanonicalBase64.decode(pub.substring(0, pub.length() - 8), 32) : null;
    if (publicKey == null) {
      throw malformed("'public' is not <canonical base64 of 32 bytes>.ed25519");
    }
    String priv = string(o, "private");
    byte[] secretKey = priv.endsWith(".ed25519") ? CanonicalBase64.decode(priv.substring(0, priv.length() - 8), 64) : null;
    if (secretKey == null) {
      throw malformed("'private' is not <canonical base64 of 64 bytes>.ed25519");
    }
    try {
      if (!Arrays.equals(Arrays.copyOfRange(secretKey, 32, 64), publicKey)) { // not secret: public key half
        throw malformed("'private' does not end with the public key");
      }
      SsbKeyPair keys = SsbKeyPair.ofSecretKey(secretKey);
      String id = o.get("id").filter(x -> x instanceof JsonString).map(x -> ((JsonString) x).value()).orElse("");
      // ssb-keys derives the id from 'public' when it lacks a sigil; a different id is an edited file.
      boolean hasSigil = !id.isEmpty() && "@%&".indexOf(id.charAt(0)) >= 0;
      if (hasSigil && !id.equals(keys.id().toString())) {
        throw malformed("'id' does not match 'public'");
      }
      return keys;
    } finally {
      Arrays.fill(secretKey, (byte) 0);
    }
  }

  /** Reads a secret file; refuses non-ASCII or oversized files. Warns if others may read it. */
  public static SsbKeyPair read(Path file) throws IOException {
    long size = Files.size(file);
    if (size > MAX_SIZE) {
      throw malformed("larger than " + MAX_SIZE + " bytes");
    }
    byte[] bytes = Files.readAllBytes(file);
    for (byte b : bytes) {
      if (b < 0) {
        throw malformed("not ASCII");
      }
    }
    try {
      Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
      if (perms.stream().anyMatch(p -> p.name().startsWith("GROUP") || p.name().startsWith("OTHERS"))) {
        LOG.log(System.Logger.Level.WARNING, "secret file {0} is accessible to other users ({1})", file,
            PosixFilePermissions.toString(perms));
      }
    } catch (UnsupportedOperationException e) {
      // Not a POSIX file system: nothing to check.
    }
    return parse(new String(bytes, StandardCharsets.US_ASCII));
  }

  /**
   * Writes a new secret file (and its folder) readable and writable by the owner only.
   * {@link SsbError#SECRET_EXISTS} if the file exists: a secret is never overwritten.
   */
  public static void write(Path file, SsbKeyPair keys) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    boolean posix = Files.getFileStore(parent == null ? file.toAbsolutePath() : existingAncestor(parent))
        .supportsFileAttributeView("posix");
    if (parent != null && !Files.isDirectory(parent)) {
      if (posix) {
        Files.createDirectories(parent, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      } else {
        Files.createDirectories(parent);
      }
    }
    FileAttribute<?>[] attrs = posix
        ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
        : new FileAttribute<?>[0];
    try (OutputStream out = Files.newOutputStream(Files.createFile(file, attrs), StandardOpenOption.WRITE)) {
      out.write(format(keys).getBytes(StandardCharsets.US_ASCII));
    } catch (FileAlreadyExistsException e) {
      throw new SsbException(SsbError.SECRET_EXISTS, "a secret file already exists at " + file);
    }
    if (posix) {
      // The umask can only remove bits; set them explicitly so the mode is exactly 0600.
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    } else {
      LOG.log(System.Logger.Level.WARNING, "cannot restrict permissions of {0}: not a POSIX file system", file);
    }
  }

  private static Path existingAncestor(Path p) {
    Path cur = p;
    while (cur != null && !Files.exists(cur)) {
      cur = cur.getParent();
    }
    return cur == null ? p.getRoot() : cur;
  }

  private static String string(JsonObject o, String key) {
    return o.get(key).filter(x -> x instanceof JsonString).map(x -> ((JsonString) x).value())
        .orElseThrow(() -> malformed("'" + key + "' is missing or not a string"));
  }

  private static SsbException malformed(String why) {
    return new SsbException(SsbError.MALFORMED_SECRET, "malformed secret file: " + why);
  }
}
