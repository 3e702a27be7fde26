package social.kith.activitypub;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Set;
import org.junit.jupiter.api.Test;
import social.kith.testkit.ModuleDescriptors;

/** Pins the module's name and exported packages; {@code .internal} packages are never exported. */
final class ModuleExportsTest {
  @Test
  void exportsExactlyTheApiPackages() {
    assertEquals("social.kith.activitypub", ModuleDescriptors.of(ActivityPub.class).name());
    assertEquals(Set.of("social.kith.activitypub", "social.kith.activitypub.discovery",
            "social.kith.activitypub.fetch", "social.kith.activitypub.vocab", "social.kith.activitypub.signature",
            "social.kith.activitypub.jcs", "social.kith.activitypub.outbox", "social.kith.activitypub.delivery",
            "social.kith.activitypub.server", "social.kith.activitypub.media", "social.kith.activitypub.inbox", "social.kith.activitypub.adapter"),
        ModuleDescriptors.exportedPackages(ActivityPub.class));
    assertEquals(java.util.Map.of(), ModuleDescriptors.qualifiedExports(ActivityPub.class));
  }
}
