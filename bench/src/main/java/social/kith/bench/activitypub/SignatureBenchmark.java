package social.kith.bench.activitypub;

import java.net.URI;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import social.kith.activitypub.signature.CavageSignature;
import social.kith.activitypub.signature.Headers;
import social.kith.activitypub.signature.HttpMessage;
import social.kith.activitypub.signature.HttpSignatureVerifier;
import social.kith.activitypub.signature.HttpSigner;
import social.kith.activitypub.signature.KeyResolver;
import social.kith.activitypub.signature.SignatureGeneration;
import social.kith.activitypub.signature.SigningCredential;
import social.kith.activitypub.signature.VerificationKey;
import social.kith.activitypub.signature.VerifiedSignature;
import social.kith.crypto.RsaKeys;
import social.kith.crypto.RsaPrivateKey;

/**
 * Inbound HTTP signature verification of an inbox POST with a 2 KiB body and an RSA-2048 key, per
 * generation: header parsing, policy (coverage, time window), the SHA-256 body digest, the
 * signing string or signature base and the RSA PKCS#1 v1.5 verification. The key lookup is a
 * constant (no I/O). {@code cavageParseOnly} isolates the header parser.
 *
 * <pre>
 * mvn -B -q -o -pl bench -am package -DskipTests
 * java -jar bench/target/benchmarks.jar SignatureBenchmark -f 1 -wi 2 -i 3 -r 1s -w 1s
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class SignatureBenchmark {
  private HttpSignatureVerifier verifier;
  private KeyResolver keys;
  private HttpMessage.Request cavage;
  private HttpMessage.Request rfc9421;
  private String cavageHeader;

  @Setup
  public void setup() {
    RsaPrivateKey key = RsaKeys.generate(2048);
    InstantSource clock = InstantSource.fixed(Instant.parse("2026-01-01T00:00:00Z"));
    byte[] body = new byte[2048];
    new Random(42).nextBytes(body);
    HttpMessage.Request post = HttpMessage.Request.of("POST",
        URI.create("https://b.example/users/bob/inbox"),
        Headers.of("Host", "b.example", "Content-Type", "application/activity+json"), body);
    HttpSigner signer = HttpSigner.builder()
        .credential(SigningCredential.of("https://a.example/users/alice#main-key", key))
        .clock(clock).build();
    cavage = signer.signed(post, SignatureGeneration.CAVAGE_12);
    rfc9421 = signer.signed(post, SignatureGeneration.RFC_9421);
    cavageHeader = cavage.headers().first("signature").orElseThrow();
    VerificationKey vk = VerificationKey.of(key.verifyingKey());
    keys = id -> Optional.of(vk);
    verifier = HttpSignatureVerifier.builder().clock(clock).build();
  }

  @Benchmark
  public VerifiedSignature cavageRsa2048Verify() {
    return verifier.verify(cavage, keys);
  }

  @Benchmark
  public VerifiedSignature rfc9421Rsa2048Verify() {
    return verifier.verify(rfc9421, keys);
  }

  @Benchmark
  public CavageSignature cavageParseOnly() {
    return CavageSignature.parse(cavageHeader);
  }
}
