package social.kith.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;

/** Reads the compiled {@code module-info.class} of the module that holds a class (tests run on the class path). */
public final class ModuleDescriptors {
  private ModuleDescriptors() {}

  /** The descriptor compiled beside {@code anyClassOfTheModule}. */
  public static ModuleDescriptor of(Class<?> anyClassOfTheModule) {
    try {
      Path location = Path.of(anyClassOfTheModule.getProtectionDomain().getCodeSource().getLocation().toURI());
      Path info = Files.isDirectory(location) ? location.resolve("module-info.class") : null;
      if (info == null || !Files.isRegularFile(info)) {
        throw new AssertionError("no module-info.class beside " + anyClassOfTheModule + " at " + location);
      }
      try (InputStream in = Files.newInputStream(info)) {
        return ModuleDescriptor.read(in);
      }
    } catch (IOException | URISyntaxException e) {
      throw new AssertionError(e);
    }
  }

  /** The packages exported to everyone, sorted. */
  public static Set<String> exportedPackages(Class<?> anyClassOfTheModule) {
    Set<String> out = new TreeSet<>();
    for (ModuleDescriptor.Exports e : of(anyClassOfTheModule).exports()) {
      if (!e.isQualified()) {
        out.add(e.source());
      }
    }
    return out;
  }

  /** The qualified exports, as {@code package -> target modules}. */
  public static java.util.Map<String, Set<String>> qualifiedExports(Class<?> anyClassOfTheModule) {
    java.util.Map<String, Set<String>> out = new java.util.TreeMap<>();
    for (ModuleDescriptor.Exports e : of(anyClassOfTheModule).exports()) {
      if (e.isQualified()) {
        out.put(e.source(), new TreeSet<>(e.targets()));
      }
    }
    return out;
  }
}
