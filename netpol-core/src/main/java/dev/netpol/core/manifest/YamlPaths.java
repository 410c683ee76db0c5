package dev.netpol.core.manifest;

import dev.netpol.core.manifest.YamlNode.MapNode;
import dev.netpol.core.manifest.YamlNode.SeqNode;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds where a field was written, from its path, for checks that run after decoding (once the
 * cluster is built) and still owe the user a line number.
 *
 * <pre>{@code
 * YamlPaths.locate(root, "spec.ingress[0].from[1].podSelector");   // np.yaml:12:9
 * }</pre>
 */
final class YamlPaths {
  private static final Pattern STEP = Pattern.compile("([^.\\[\\]]+)|\\[(\\d+)]");

  private YamlPaths() {}

  /**
   * The location of the field at a path below a node: of its key when it is a mapping entry, so
   * the line reads {@code podSelector:}; of the deepest node found when the path goes further
   * than the tree (a field written as absent).
   */
  static SourceLocation locate(YamlNode root, String path) {
    YamlNode node = root;
    SourceLocation at = root.location;
    Matcher m = STEP.matcher(path);
    while (m.find()) {
      if (m.group(1) != null && node instanceof MapNode) {
        MapNode map = (MapNode) node;
        String key = m.group(1);
        if (!map.entries.containsKey(key)) {
          return at;
        }
        at = map.keyLocation(key);
        node = map.entries.get(key);
      } else if (m.group(2) != null && node instanceof SeqNode) {
        SeqNode seq = (SeqNode) node;
        int i = Integer.parseInt(m.group(2));
        if (i >= seq.items.size()) {
          return at;
        }
        node = seq.items.get(i);
        at = node.location;
      } else {
        return at;
      }
    }
    return at;
  }
}
