package io.nspool.logs;

import io.nspool.error.InvalidArgumentException;
import java.util.Collection;
import java.util.List;

/**
 * Which component a log request asks for: by its status name ({@code demo-scheduler}) or without
 * the release's prefix ({@code scheduler}), as a user reads it off {@code deployment get}.
 */
public record ComponentFilter(String release, String requested) {
  /** Every component. */
  public static ComponentFilter all(String release) {
    return new ComponentFilter(release, null);
  }

  public boolean isAll() {
    return requested == null;
  }

  public boolean matches(String component) {
    return requested == null
        || requested.equals(component)
        || (release + "-" + requested).equals(component);
  }

  /**
   * Refuses a component that is none of the deployment's, listing the ones it has.
   *
   * @throws InvalidArgumentException naming the parameter, the value and the components
   */
  public void requireAmong(Collection<String> components) {
    if (requested == null || components.stream().anyMatch(this::matches)) {
      return;
    }
    List<String> names = components.stream().distinct().sorted().toList();
    throw new InvalidArgumentException(
        "component: \""
            + requested
            + "\" is not a component of deployment \""
            + release
            + "\""
            + (names.isEmpty()
                ? " (it has none yet)"
                : "; its components: " + String.join(", ", names)));
  }
}
