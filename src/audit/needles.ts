/**
 * Which of many strings occur in one text, in one pass over it (Aho–Corasick): the command-line
 * rules ask, for each password a command gives, whether the file's raw text writes it. A command
 * string Compose splits into n words has every word located at the whole scalar, and asking with
 * `includes` word by word cost n times the scalar's length (a 137 KB command took 20 s). Written
 * here (some thirty lines) rather than taken from npm: the packages found answer every match with
 * its positions, where we need only which strings were seen, each once.
 */
export function occurring(text: string, needles: Iterable<string>): Set<string> {
  const next = [new Map<string, number>()];
  const word: (string | undefined)[] = [undefined];
  for (const needle of needles) {
    if (needle === '') continue;
    let s = 0;
    for (const ch of needle) {
      let t = next[s].get(ch);
      if (t === undefined) {
        t = next.push(new Map<string, number>()) - 1;
        word.push(undefined);
        next[s].set(ch, t);
      }
      s = t;
    }
    word[s] = needle;
  }
  // failure links in breadth-first order; `out`: the nearest state down the failure chain ending a needle
  const fail = new Int32Array(next.length);
  const out = new Int32Array(next.length);
  const queue = [...next[0].values()];
  for (let q = 0; q < queue.length; q++) {
    const s = queue[q];
    for (const [ch, t] of next[s]) {
      let f = fail[s];
      while (f !== 0 && !next[f].has(ch)) f = fail[f];
      fail[t] = next[f].get(ch) ?? 0;
      out[t] = word[fail[t]] !== undefined ? fail[t] : out[fail[t]];
      queue.push(t);
    }
  }
  const found = new Set<string>();
  // a state's chain is walked once: the first visit marks every state on it
  const seen = new Uint8Array(next.length);
  let s = 0;
  for (const ch of text) {
    while (s !== 0 && !next[s].has(ch)) s = fail[s];
    s = next[s].get(ch) ?? 0;
    for (let o = word[s] !== undefined ? s : out[s]; o !== 0 && !seen[o]; o = out[o]) {
      seen[o] = 1;
      found.add(word[o]!);
    }
  }
  return found;
}
