package dev.netpol.fabric8;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;

/** How messages name an object that has no file: {@code Kind namespace/name}. */
final class ObjectNames {
  private ObjectNames() {}

  /**
   * {@code NetworkPolicy shop/allow-web}; {@code Namespace shop} for an object without a
   * namespace; placeholders where the kind or name is missing (the loader reports those).
   */
  static String of(HasMetadata o) {
    String kind = blank(o.getKind()) ? "(no kind)" : o.getKind();
    ObjectMeta meta = o.getMetadata();
    String name = meta == null || blank(meta.getName()) ? "(no name)" : meta.getName();
    String namespace = meta == null ? null : meta.getNamespace();
    return kind + " " + (blank(namespace) ? "" : namespace + "/") + name;
  }

  private static boolean blank(String s) {
    return s == null || s.isEmpty();
  }
}
