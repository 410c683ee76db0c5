package dev.netpol.core.manifest;

import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import dev.netpol.core.model.IpAddress;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Where each object of a loaded cluster was written, down to the line of a field: what lets a
 * check that runs on the built cluster (such as {@code cluster.lint()}) point at the file, line,
 * column and field path of what it found. A cluster built in code has the {@linkplain #empty()
 * empty} map, and its findings name the object only.
 *
 * <pre>{@code
 * SourceMap sources = cluster.sources();
 * sources.locate("NetworkPolicy", "shop/allow-web", "spec.ingress[0].from[1]");
 * // Optional[k8s/np.yaml:12:7]
 * sources.fieldPath("NetworkPolicy", "shop/allow-web", "spec.podSelector");
 * // "items[2].spec.podSelector" when the policy is the third item of a kind: List
 * }</pre>
 *
 * <p>It also remembers which pod addresses the loader assigned (pods without {@code podIP} in
 * the manifests), so that a check can tell a real address from an invented one.
 */
public final class SourceMap {
  private static final SourceMap EMPTY = new SourceMap(ImmutableMap.of(), ImmutableSet.of());

  /** One object: where it starts, its field-path prefix in its file, its tree when kept. */
  private record Entry(SourceLocation location, String base, Optional<YamlNode> root) {}

  private final ImmutableMap<String, Entry> objects;
  private final ImmutableSet<IpAddress> assigned;

  private SourceMap(Map<String, Entry> objects, Set<IpAddress> assigned) {
    this.objects = ImmutableMap.copyOf(objects);
    this.assigned = ImmutableSet.copyOf(assigned);
  }

  /**
   * The map of a cluster built in code: it locates nothing and no address was assigned.
   *
   * @return the empty map
   */
  public static SourceMap empty() {
    return EMPTY;
  }

  /**
   * Where a field of an object was written: the key of the field when the file has it, else the
   * nearest enclosing field that it has (a field left out is located at its parent).
   *
   * @param kind the object's kind, e.g. {@code NetworkPolicy}, {@code Deployment}
   * @param id {@code namespace/name}, or the bare name of a cluster-scoped object
   * @param fieldPath a path inside the object, e.g. {@code spec.egress[1].to[0]}; empty for the
   *     object itself
   * @return the location, or empty when the object was not loaded from text
   */
  public Optional<SourceLocation> locate(String kind, String id, String fieldPath) {
    Entry e = objects.get(kind + " " + id);
    if (e == null) {
      return Optional.empty();
    }
    if (fieldPath.isEmpty() || e.root().isEmpty()) {
      return Optional.of(e.location());
    }
    return Optional.of(YamlPaths.locate(e.root().get(), fieldPath));
  }

  /**
   * The path of a field as the loader's messages write it: prefixed with the object's place in
   * its file when it is an item of a {@code kind: List} ({@code items[2].spec.podSelector}).
   *
   * @param kind the object's kind
   * @param id {@code namespace/name}, or the bare name of a cluster-scoped object
   * @param fieldPath a path inside the object
   * @return the path, unchanged when the object is not known or not inside a list
   */
  public String fieldPath(String kind, String id, String fieldPath) {
    Entry e = objects.get(kind + " " + id);
    return e == null ? fieldPath : Fields.join(e.base(), fieldPath);
  }

  /**
   * Whether the loader invented an address because the manifests give the pod none.
   *
   * @param address a pod address
   * @return true if netpol assigned it; false for an address written in the manifests
   */
  public boolean assigned(IpAddress address) {
    return assigned.contains(address);
  }

  /** Returns e.g. {@code SourceMap[12 objects, 3 assigned addresses]}. */
  @Override
  public String toString() {
    return "SourceMap[" + objects.size() + " objects, " + assigned.size() + " assigned addresses]";
  }

  /** Collects the objects of one load; used by the loader only. */
  static final class Builder {
    private final Map<String, Entry> objects = new HashMap<>();
    private final Set<IpAddress> assigned = new HashSet<>();

    void object(Decoded.Origin origin, Optional<YamlNode> root) {
      objects.putIfAbsent(
          origin.identity(), new Entry(origin.location(), origin.base(), root));
    }

    void assigned(IpAddress address) {
      assigned.add(address);
    }

    SourceMap build() {
      return new SourceMap(objects, assigned);
    }
  }
}
