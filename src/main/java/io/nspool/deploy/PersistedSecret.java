package io.nspool.deploy;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.nspool.pool.Names;
import java.util.Objects;

/**
 * A Secret a catalogue entry asks nspool to create once, with a random value, and keep for the
 * deployment's whole life: through upgrades, a soft delete and a restore. Charts such as the
 * official Airflow chart regenerate their own keys (fernet key, webserver secret key) in a {@code
 * before-hook-creation} hook on every install, so a restore would otherwise change the key that
 * encrypts the tenant's data. nspool creates the Secret before the release and writes its name into
 * the values at {@link #getValuesKey()}, which points the chart at it instead.
 */
public class PersistedSecret {
  /** The generators nspool knows; each makes a value of the shape its chart expects. */
  public enum Generator {
    /** Letters and digits. */
    alphanumeric,
    /** Lower-case hexadecimal. */
    hex,
    /** A Fernet key: 32 random bytes, URL-safe base64 (what Airflow's fernet_key must be). */
    fernet
  }

  @Required
  @Pattern(Names.DNS_SUBDOMAIN)
  @Size(max = Names.MAX_SUBDOMAIN)
  @JsonPropertyDescription("Name of the Secret in the deployment's namespace.")
  private String name;

  @Required
  @Pattern("^[-._a-zA-Z0-9]+$")
  @Size(max = 253)
  @JsonPropertyDescription("Key in the Secret's data holding the value, e.g. fernet-key.")
  private String key;

  @Required
  @Pattern(ValuesPath.PATTERN)
  @Size(max = 253)
  @JsonPropertyDescription(
      "Dotted values key nspool sets to the Secret's name, e.g. fernetKeySecretName or"
          + " webserver.secretKeySecretName.")
  private String valuesKey;

  @Default("alphanumeric")
  @JsonPropertyDescription("How the value is made: alphanumeric (default), hex or fernet.")
  private Generator generator = Generator.alphanumeric;

  @Default("32")
  @Min(16)
  @Max(256)
  @JsonPropertyDescription(
      "Length in characters for alphanumeric and hex (16-256, default 32); fernet keys are"
          + " always 32 bytes.")
  private int length = 32;

  public PersistedSecret() {}

  public PersistedSecret(String name, String key, String valuesKey, Generator generator) {
    this.name = name;
    this.key = key;
    this.valuesKey = valuesKey;
    this.generator = generator;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getKey() {
    return key;
  }

  public void setKey(String key) {
    this.key = key;
  }

  public String getValuesKey() {
    return valuesKey;
  }

  public void setValuesKey(String valuesKey) {
    this.valuesKey = valuesKey;
  }

  public Generator getGenerator() {
    return generator == null ? Generator.alphanumeric : generator;
  }

  public void setGenerator(Generator generator) {
    this.generator = generator;
  }

  public int getLength() {
    return length;
  }

  public void setLength(int length) {
    this.length = length;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PersistedSecret p
        && Objects.equals(name, p.name)
        && Objects.equals(key, p.key)
        && Objects.equals(valuesKey, p.valuesKey)
        && getGenerator() == p.getGenerator()
        && length == p.length;
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, key, valuesKey, getGenerator(), length);
  }
}
