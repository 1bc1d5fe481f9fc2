/**
 * The grader's per-answer memos: what a map holds for `key`, computed and kept on the first ask. A two-level
 * memo (by answer, then by term, sentence or scenario) nests two calls, the outer map a WeakMap so an answer's
 * entries go with it.
 */
interface MemoMap<K, V> {
  get(key: K): V | undefined;
  set(key: K, value: V): unknown;
}

export function remembered<K, V>(map: MemoMap<K, V>, key: K, compute: () => V): V {
  let value = map.get(key);
  if (value === undefined) {
    value = compute();
    map.set(key, value);
  }
  return value;
}
