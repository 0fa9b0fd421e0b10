/**
 * Memos of pure functions whose keys come from a request (a path naming a service, a variable's
 * name): each bounded by its owner, so that hostile input cannot grow one without end, and all
 * emptied before each task of the service (`forgetRequestMemos`, called by runTask), so that nothing
 * a request brought is kept for the next one, and a bench of repeated requests measures the work,
 * not the memo. Within a task they serve every environment and every stage that asks again.
 */
const memos = new Set<Map<unknown, unknown>>();

/** A new memo, emptied with the others by `forgetRequestMemos`. */
export function requestMemo<K, V>(): Map<K, V> {
  const m = new Map<K, V>();
  memos.add(m);
  return m;
}

/** Empties every memo: what the last request brought is not kept. */
export function forgetRequestMemos(): void {
  for (const m of memos) m.clear();
}

/** Every key the memos hold now (to check that a request left none behind). */
export function rememberedKeys(): unknown[] {
  const out: unknown[] = [];
  for (const m of memos) for (const k of m.keys()) out.push(k);
  return out;
}
