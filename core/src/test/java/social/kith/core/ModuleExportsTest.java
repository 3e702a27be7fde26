package social.kith.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Set;
import org.junit.jupiter.api.Test;
import social.kith.testkit.ModuleDescriptors;

/** Pins the module's name and exported packages; {@code .internal} is never exported. */
final class ModuleExportsTest {
  @Test
  void exportsExactlyTheApiPackages() {
    assertEquals("social.kith.core", ModuleDescriptors.of(Kith.class).name());
    assertEquals(Set.of("social.kith.core", "social.kith.core.event", "social.kith.core.feed",
            "social.kith.core.html", "social.kith.core.log", "social.kith.core.model", "social.kith.core.spi",
            "social.kith.core.store"),
        ModuleDescriptors.exportedPackages(Kith.class));
    assertEquals(java.util.Map.of("social.kith.core.internal", Set.of("social.kith.ssb", "social.kith.activitypub")),
        ModuleDescriptors.qualifiedExports(Kith.class), "internal helpers go to Kith's own modules only");
  }
}
