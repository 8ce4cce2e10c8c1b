// An in-process feed of "something changed" signals: writers publish a topic and a key after
// their transaction commits; controllers subscribe and enqueue the key (level-triggered: the
// handler rereads the state, the signal carries no data).

export type ChangeListener = (key: string) => void;

export interface ChangeFeed {
  publish(topic: string, key: string): void;
  /** Returns the unsubscribe function. */
  subscribe(topic: string, listener: ChangeListener): () => void;
}

export function createChangeFeed(): ChangeFeed {
  const listeners = new Map<string, Set<ChangeListener>>();
  return {
    publish(topic, key) {
      for (const listener of listeners.get(topic) ?? []) listener(key);
    },
    subscribe(topic, listener) {
      let set = listeners.get(topic);
      if (!set) listeners.set(topic, (set = new Set()));
      set.add(listener);
      return () => set.delete(listener);
    },
  };
}
