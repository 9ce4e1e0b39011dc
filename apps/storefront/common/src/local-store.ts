/**
 * A value kept in localStorage that React components follow (useSyncExternalStore): the session and
 * the guest cart. Other tabs' changes arrive through the `storage` event.
 */
export interface LocalStore<T> {
  get(): T;
  set(value: T): void;
  subscribe(listener: () => void): () => void;
}

export function createLocalStore<T>(key: string, initial: T): LocalStore<T> {
  const read = (): T => {
    try {
      const text = globalThis.localStorage?.getItem(key);
      return text ? (JSON.parse(text) as T) : initial;
    } catch {
      return initial; // unreadable (edited by hand, storage disabled): start afresh
    }
  };
  let value = read();
  const listeners = new Set<() => void>();
  globalThis.addEventListener?.('storage', (event: StorageEvent) => {
    if (event.key !== key) return;
    value = read();
    for (const listener of listeners) listener();
  });
  return {
    get: () => value,
    set(next) {
      value = next;
      try {
        globalThis.localStorage?.setItem(key, JSON.stringify(next));
      } catch {
        // storage full or disabled: the value lives until the page closes
      }
      for (const listener of listeners) listener();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
