package social.kith.crypto;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** No Bouncy Castle type appears in a public or protected signature of an exported package. */
class PublicApiTest {
  private static final String[] EXPORTED = {"social/kith/crypto", "social/kith/crypto/encoding"};

  @Test
  void noBouncyCastleTypeInExportedSignatures() throws Exception {
    Path classes = classesRoot();
    List<String> problems = new ArrayList<>();
    int checked = 0;
    for (String pkg : EXPORTED) {
      try (Stream<Path> files = Files.list(classes.resolve(pkg))) {
        for (Path f : (Iterable<Path>) files::iterator) {
          String name = f.getFileName().toString();
          if (!name.endsWith(".class") || name.equals("module-info.class")) {
            continue;
          }
          Class<?> c = Class.forName(pkg.replace('/', '.') + "." + name.substring(0, name.length() - 6));
          if (!Modifier.isPublic(c.getModifiers())) {
            continue;
          }
          checked++;
          List<Type> types = new ArrayList<>();
          types.add(c.getGenericSuperclass());
          types.addAll(List.of(c.getGenericInterfaces()));
          for (Method m : c.getDeclaredMethods()) {
            if (visible(m.getModifiers())) {
              types.add(m.getGenericReturnType());
              types.addAll(List.of(m.getGenericParameterTypes()));
              types.addAll(List.of(m.getGenericExceptionTypes()));
            }
          }
          for (Constructor<?> k : c.getDeclaredConstructors()) {
            if (visible(k.getModifiers())) {
              types.addAll(List.of(k.getGenericParameterTypes()));
            }
          }
          for (Field fl : c.getDeclaredFields()) {
            if (visible(fl.getModifiers())) {
              types.add(fl.getGenericType());
            }
          }
          for (Type t : types) {
            if (t != null && (t.getTypeName().contains("org.bouncycastle")
                || t.getTypeName().contains(".internal."))) {
              problems.add(c.getName() + " exposes " + t.getTypeName());
            }
          }
        }
      }
    }
    assertTrue(checked > 15, "checked only " + checked + " classes");
    assertTrue(problems.isEmpty(), String.join("\n", problems));
  }

  private static boolean visible(int modifiers) {
    return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers);
  }

  private static Path classesRoot() throws URISyntaxException {
    return Path.of(Hashes.class.getProtectionDomain().getCodeSource().getLocation().toURI());
  }
}
