package io.nspool.watch;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.BasicItemStore;
import io.fabric8.kubernetes.client.informers.cache.Cache;

/**
 * An informer's store that drops each object's {@code metadata.managedFields} as it enters the
 * cache, as kube-controller-manager's informers do. Server-side apply's bookkeeping is often the
 * largest part of a small object (one entry per field manager, each listing every field it owns)
 * and nspool never reads it from a cache: what it applies, it sends whole. Per watched namespace
 * that is the difference between the objects nspool reads and their history of writers.
 */
public final class SlimStore<T extends HasMetadata> extends BasicItemStore<T> {

  public SlimStore() {
    super(Cache::metaNamespaceKeyFunc);
  }

  /** {@code informer}, not yet started, caching slim objects; returned for chaining. */
  public static <T extends HasMetadata> SharedIndexInformer<T> slim(
      SharedIndexInformer<T> informer) {
    return informer.itemStore(new SlimStore<>());
  }

  @Override
  public T put(String key, T object) {
    if (object.getMetadata() != null) {
      object.getMetadata().setManagedFields(null);
    }
    return super.put(key, object);
  }
}
