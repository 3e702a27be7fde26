package social.kith.testkit;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the shared test data ({@code ../shared} beside the checkout, or {@code -Dkith.shared}).
 * Never skips: a missing folder is a failure that says where it looked.
 */
public final class SharedData {
  private SharedData() {}

  /** The root of the shared folder. */
  public static Path root() {
    String configured = System.getProperty("kith.shared");
    Path root = configured != null && !configured.isBlank()
        ? Path.of(configured)
        : Path.of(System.getProperty("user.dir")).resolve("../../shared");
    root = root.toAbsolutePath().normalize();
    if (!Files.isDirectory(root)) {
      throw new AssertionError("shared test data not found at " + root
          + " (set -Dkith.shared=PATH, or place the shared folder beside the checkout)");
    }
    return root;
  }

  /** A file or folder under the shared root, which must exist. */
  public static Path path(String relative) {
    Path p = root().resolve(relative);
    if (!Files.exists(p)) {
      throw new AssertionError("shared test data missing: " + p);
    }
    return p;
  }

  /** The repository root (the reactor's top folder). */
  public static Path repositoryRoot() {
    String configured = System.getProperty("kith.root");
    Path root = configured != null && !configured.isBlank()
        ? Path.of(configured)
        : Path.of(System.getProperty("user.dir")).resolve("..");
    root = root.toAbsolutePath().normalize();
    if (!Files.isRegularFile(root.resolve("pom.xml"))) {
      throw new AssertionError("repository root not found at " + root + " (set -Dkith.root=PATH)");
    }
    return root;
  }
}
