package io.nspool.deploy;

import java.util.List;
import java.util.Map;

/**
 * One object a chart renders to, as Helm would send it: from the manifest, a hook (with the events
 * it runs on), or the chart's {@code crds/} folder.
 *
 * @param source Helm's {@code # Source:} path of the template, when known
 * @param hookEvents the {@code helm.sh/hook} events, empty for an object of the manifest
 * @param body the whole object, as parsed
 */
public record RenderedObject(
    String source,
    String apiVersion,
    String kind,
    String name,
    String namespace,
    List<String> hookEvents,
    boolean crd,
    Map<String, Object> body) {

  /** Whether Helm runs this object as a hook. */
  public boolean hook() {
    return !hookEvents.isEmpty();
  }

  /** Whether only {@code helm test} creates it: an install never does. */
  public boolean testOnly() {
    return hook() && hookEvents.stream().allMatch(e -> e.startsWith("test"));
  }

  /** The API group of the object ("" for the core group). */
  public String group() {
    int slash = apiVersion.indexOf('/');
    return slash < 0 ? "" : apiVersion.substring(0, slash);
  }

  /** {@code Kind name}, with {@code (hook pre-install)} or {@code (crds/)} when it is one. */
  public String describe() {
    String what = kind + " " + name;
    if (crd) {
      return what + " (crds/)";
    }
    return hook() ? what + " (hook " + String.join(",", hookEvents) + ")" : what;
  }
}
