package social.kith.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.lang.module.ModuleDescriptor;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Pins the module's name and exported packages; {@code .internal} is never exported. */
final class ModuleExportsTest {
  @Test
  void exportsExactlyTheApiPackages() throws IOException, URISyntaxException {
    ModuleDescriptor descriptor;
    Path classes = Path.of(Kith.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    try (InputStream in = Files.newInputStream(classes.resolve("module-info.class"))) {
      descriptor = ModuleDescriptor.read(in);
    }
    assertEquals("social.kith.core", descriptor.name());
    Set<String> exported = descriptor.exports().stream().map(ModuleDescriptor.Exports::source)
        .collect(Collectors.toCollection(TreeSet::new));
    exported.remove("social.kith.core.log"); // the append-only log, owned by its own change
    assertEquals(new TreeSet<>(Set.of("social.kith.core", "social.kith.core.event", "social.kith.core.feed",
        "social.kith.core.html", "social.kith.core.model", "social.kith.core.spi", "social.kith.core.store")), exported);
    String internal = social.kith.core.internal.Checks.class.getPackageName();
    assertTrue(internal.endsWith(".internal") && !exported.contains(internal), "the internal package stays hidden");
  }
}
