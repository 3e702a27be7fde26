package social.kith.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
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
import social.kith.core.log.AppendOnlyLog;
import social.kith.core.log.Durability;
import social.kith.core.log.LogEntry;
import social.kith.core.log.LogOptions;
import social.kith.core.model.Content;
import social.kith.core.model.Identity;
import social.kith.core.model.IdentityId;
import social.kith.core.model.IdentityKey;
import social.kith.core.model.LocalIdentity;
import social.kith.core.model.PostDraft;
import social.kith.core.model.Protocol;
import social.kith.crypto.Box;
import social.kith.crypto.Ed25519;
import social.kith.crypto.Ed25519PrivateKey;
import social.kith.crypto.Pem;
import social.kith.crypto.RsaKeys;
import social.kith.crypto.RsaPrivateKey;
import social.kith.crypto.SecretBox;
import social.kith.crypto.VerifyingKey;
import social.kith.crypto.encoding.CanonicalBase64;
import social.kith.crypto.encoding.DidKey;

/**
 * {@code kith demo}: the main job, with no setup and no external service. Today it makes an SSB-style
 * and an ActivityPub-style identity, signs posts and a reply, checks every signature (and that a
 * tampered copy fails), sends a private message with crypto_box, and keeps the signed records in a
 * crash-safe log that it reopens and verifies again. Every count comes from the verifiers.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Run the demo: identities, signed posts, a private message and the crash-safe log, all local.")
public final class DemoCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--data", paramLabel = "DIR",
      description = "Data folder (default: a fresh temporary folder).")
  Path data;

  @Option(names = "--keep", description = "Keep the data folder for inspection instead of removing it.")
  boolean keep;

  @Option(names = "--json", description = "Print the summary as one JSON object.")
  boolean json;

  private int signaturesMade;
  private int signaturesVerified;
  private int forgeriesRejected;
  private int privateMessagesOpened;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Path dir = data != null ? Files.createDirectories(data) : Files.createTempDirectory("kith-demo-");
    boolean fresh = data == null;
    try {
      Map<String, Object> summary = run(dir, json ? new PrintWriter(PrintWriter.nullWriter()) : out);
      if (json) {
        out.println(Json.object(summary));
      }
      return ExitCode.OK;
    } finally {
      if (keep || !fresh) {
        err.println("kith demo: data kept in " + dir);
      } else {
        deleteTree(dir);
      }
    }
  }

  private Map<String, Object> run(Path dir, PrintWriter out) throws IOException {
    out.println("Kith demo: everything below runs locally, in " + dir);
    out.println();

    // 1. Identities: an Ed25519 feed key as Secure Scuttlebutt uses, an RSA-2048 actor key as the fediverse uses.
    Ed25519PrivateKey aliceKey = Ed25519.generate();
    String aliceFeed = "@" + CanonicalBase64.encode(aliceKey.publicKey().bytes()) + ".ed25519";
    LocalIdentity alice = local(Protocol.SSB, aliceFeed, "alice", aliceFeed, aliceKey.publicKey(), aliceKey);

    RsaPrivateKey bobKey = RsaKeys.generate(2048);
    String bobActor = "https://bob.example/users/bob";
    LocalIdentity bob = local(Protocol.ACTIVITYPUB, bobActor, "bob", bobActor + "#main-key",
        bobKey.verifyingKey(), bobKey);

    out.println("1. Identities");
    out.println("   alice (Secure Scuttlebutt)  " + aliceFeed);
    out.println("                               " + DidKey.formatEd25519(aliceKey.publicKey().bytes()));
    out.println("   bob   (ActivityPub)         " + bobActor + " (RSA " + bobKey.bitLength() + " bits)");
    String firstPemLine = Pem.writeSpki(bobKey.verifyingKey()).lines().skip(1).findFirst().orElse("");
    out.println("                               publicKeyPem " + firstPemLine.substring(0, 24) + "...");
    out.println();

    // 2. Posts: drafts go through the sanitiser; the signed bytes are the post's source text.
    PostDraft post = PostDraft.builder()
        .content(Content.html("<p>Hello from <b>Kith</b>!<script>alert('x')</script> One SDK for "
            + "#fediverse and #scuttlebutt.</p>"))
        .hashtag("fediverse").hashtag("scuttlebutt").build();
    PostDraft reply = PostDraft.ofText("Welcome, alice: your signature checks out.");

    out.println("2. Signed posts");
    List<byte[]> records = new ArrayList<>();
    records.add(signAndCheck(out, "alice posts", alice, bob, post));
    records.add(signAndCheck(out, "bob replies", bob, alice, reply));
    out.println("   alice's HTML as Kith renders it (sanitised): " + post.content().html());
    out.println();

    // 3. A private message: both sides derive X25519 keys from Ed25519 feed keys, as SSB's private box does.
    Ed25519PrivateKey carolKey = Ed25519.generate();
    byte[] nonce = SecretBox.randomNonce();
    byte[] secret = "meet at the pub at eight".getBytes(StandardCharsets.UTF_8);
    byte[] sealed = Box.seal(secret, nonce, carolKey.publicKey().toX25519(), aliceKey.toX25519());
    byte[] opened = Box.open(sealed, nonce, aliceKey.publicKey().toX25519(), carolKey.toX25519());
    if (!java.util.Arrays.equals(opened, secret)) { // not secret: demo plaintext check
      throw new IllegalStateException("private message did not round-trip");
    }
    privateMessagesOpened++;
    out.println("3. Private message alice -> carol (crypto_box): " + sealed.length + " bytes on the wire, "
        + "opened by carol: \"" + new String(opened, StandardCharsets.UTF_8) + "\"");
    out.println();

    // 4. The crash-safe log: append the signed records, reopen, and verify them again from disk.
    Path logFile = dir.resolve("demo.log");
    LogOptions options = LogOptions.builder().durability(Durability.EVERY_RECORD).build();
    try (AppendOnlyLog log = AppendOnlyLog.open(logFile, options)) {
      for (byte[] r : records) {
        log.append(r);
      }
    }
    int reverified = 0;
    try (AppendOnlyLog log = AppendOnlyLog.open(logFile, options)) {
      for (LogEntry entry : log) {
        if (SignedRecord.parse(entry.payload()).verifyWith(alice, bob)) {
          reverified++;
        }
      }
    }
    out.println("4. Crash-safe log: " + records.size() + " signed records appended with fsync, reopened, "
        + reverified + " verified again from disk");
    out.println();

    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("identities", 3);
    summary.put("signaturesMade", signaturesMade);
    summary.put("signaturesVerified", signaturesVerified);
    summary.put("forgeriesRejected", forgeriesRejected);
    summary.put("privateMessagesOpened", privateMessagesOpened);
    summary.put("logRecordsReverified", reverified);
    out.println("Summary: " + signaturesMade + " signatures made, " + signaturesVerified + " verified, "
        + forgeriesRejected + " forgeries rejected, " + privateMessagesOpened + " private message opened, "
        + reverified + " records re-verified from the log.");
    if (signaturesVerified != signaturesMade || forgeriesRejected != signaturesMade || reverified != records.size()) {
      throw new IllegalStateException("the demo's own checks failed: " + summary);
    }
    return summary;
  }

  private byte[] signAndCheck(PrintWriter out, String what, LocalIdentity author, LocalIdentity reader,
      PostDraft draft) {
    byte[] text = draft.content().source().getBytes(StandardCharsets.UTF_8);
    byte[] signature = author.signingKey().sign(text);
    signaturesMade++;
    VerifyingKey published = author.identity().key(author.keyId()).orElseThrow().key();
    boolean valid = published.verify(text, signature);
    byte[] tampered = text.clone();
    tampered[tampered.length - 1] ^= 1;
    boolean forged = published.verify(tampered, signature);
    if (valid) {
      signaturesVerified++;
    }
    if (!forged) {
      forgeriesRejected++;
    }
    out.printf("   %-12s %s signature (%d bytes): %s for %s; one flipped bit: %s%n", what,
        author.signingKey().algorithm(), signature.length, valid ? "valid" : "INVALID",
        reader.identity().displayName(), forged ? "ACCEPTED" : "rejected");
    return new SignedRecord(author.id().value(), text, signature).bytes();
  }

  private static LocalIdentity local(Protocol protocol, String id, String name, String keyId,
      VerifyingKey publicKey, social.kith.crypto.SigningKey signingKey) {
    Identity identity = Identity.builder(IdentityId.of(protocol, id)).displayName(name)
        .key(new IdentityKey(keyId, publicKey)).build();
    return LocalIdentity.of(identity, keyId, signingKey);
  }

  /** A signed record as the demo stores it: author, text and signature, length-prefixed. */
  private record SignedRecord(String author, byte[] text, byte[] signature) {
    byte[] bytes() {
      byte[] a = author.getBytes(StandardCharsets.UTF_8);
      java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(12 + a.length + text.length + signature.length);
      b.putInt(a.length).put(a).putInt(text.length).put(text).putInt(signature.length).put(signature);
      return b.array();
    }

    static SignedRecord parse(byte[] bytes) {
      java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(bytes);
      byte[] a = new byte[b.getInt()];
      b.get(a);
      byte[] t = new byte[b.getInt()];
      b.get(t);
      byte[] s = new byte[b.getInt()];
      b.get(s);
      return new SignedRecord(new String(a, StandardCharsets.UTF_8), t, s);
    }

    boolean verifyWith(LocalIdentity... identities) {
      for (LocalIdentity i : identities) {
        if (i.id().value().equals(author)) {
          return i.identity().key(i.keyId()).orElseThrow().key().verify(text, signature);
        }
      }
      return false;
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
