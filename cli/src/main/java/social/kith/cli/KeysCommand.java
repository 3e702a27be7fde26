package social.kith.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import social.kith.crypto.EcdsaKeys;
import social.kith.crypto.EcdsaPrivateKey;
import social.kith.crypto.Ed25519;
import social.kith.crypto.Ed25519PrivateKey;
import social.kith.crypto.Pem;
import social.kith.crypto.RsaKeys;
import social.kith.crypto.RsaPrivateKey;
import social.kith.crypto.encoding.CanonicalBase64;
import social.kith.crypto.encoding.DidKey;

/** {@code kith keys}: key generation. Public parts go to stdout; private keys only to a 0600 file. */
@Command(name = "keys", mixinStandardHelpOptions = true,
    description = "Generate keys (Ed25519, RSA, ECDSA P-256) in PEM form.",
    subcommands = {KeysCommand.Generate.class})
public final class KeysCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "a subcommand is required (kith keys generate)");
  }

  /** {@code kith keys generate}. */
  @Command(name = "generate", mixinStandardHelpOptions = true,
      description = "Generate a key pair: prints the public key; writes the private key (PKCS#8 PEM, mode 0600) to --out.")
  static final class Generate implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--type", defaultValue = "ed25519",
        description = "ed25519 (default), rsa or ecdsa-p256.")
    String type;

    @Option(names = "--bits", defaultValue = "2048", description = "RSA modulus size: 2048, 3072 or 4096.")
    int bits;

    @Option(names = "--out", paramLabel = "FILE",
        description = "Write the private key here (refuses to overwrite). Without it only the public key is shown.")
    Path out;

    @Option(names = "--json", description = "Print the public key as JSON.")
    boolean json;

    @Override
    public Integer call() throws IOException {
      Map<String, Object> pub = new LinkedHashMap<>();
      String privatePem;
      switch (type) {
        case "ed25519" -> {
          Ed25519PrivateKey key = Ed25519.generate();
          byte[] pk = key.publicKey().bytes();
          pub.put("type", "ed25519");
          pub.put("ssbId", "@" + CanonicalBase64.encode(pk) + ".ed25519");
          pub.put("didKey", DidKey.formatEd25519(pk));
          pub.put("publicKeyPem", Pem.writeEd25519Spki(pk));
          privatePem = Pem.writeEd25519Pkcs8(key.seed());
        }
        case "rsa" -> {
          if (bits != 2048 && bits != 3072 && bits != 4096) {
            throw new ParameterException(spec.commandLine(), "--bits must be 2048, 3072 or 4096");
          }
          RsaPrivateKey key = RsaKeys.generate(bits);
          pub.put("type", "rsa");
          pub.put("bits", key.bitLength());
          pub.put("publicKeyPem", Pem.writeSpki(key.verifyingKey()));
          privatePem = Pem.writePkcs8(key);
        }
        case "ecdsa-p256" -> {
          EcdsaPrivateKey key = EcdsaKeys.generate();
          pub.put("type", "ecdsa-p256");
          pub.put("publicKeyPem", Pem.writeSpki(key.verifyingKey()));
          privatePem = Pem.writePkcs8(key);
        }
        default -> throw new ParameterException(spec.commandLine(),
            "unknown --type " + type + " (ed25519, rsa or ecdsa-p256)");
      }
      if (out != null) {
        writePrivate(out, privatePem);
        pub.put("privateKeyFile", out.toAbsolutePath().toString());
      }
      PrintWriter w = spec.commandLine().getOut();
      if (json) {
        w.println(Json.object(pub));
      } else {
        pub.forEach((k, v) -> {
          String text = String.valueOf(v);
          w.println(text.contains("\n") ? k + ":\n" + text.stripTrailing() : k + ": " + text);
        });
      }
      return ExitCode.OK;
    }

    private void writePrivate(Path file, String pem) throws IOException {
      try {
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      } catch (FileAlreadyExistsException e) {
        throw new ParameterException(spec.commandLine(), "refusing to overwrite " + file);
      }
      Files.write(file, pem.getBytes(StandardCharsets.US_ASCII), StandardOpenOption.TRUNCATE_EXISTING);
    }
  }
}
