/**
 * Byte-level Aho-Corasick automaton (Aho & Corasick 1975) compiled to a full DFA in flat typed
 * arrays, with a state that resumes across chunks of a stream.
 *
 * Threat model: `scan` runs over untrusted captured bytes. It performs one bounded table
 * lookup per input byte, allocates nothing and cannot loop or fail on any input. The patterns
 * are our own (the identifiers' variants), and compilation time and memory are proportional to
 * their total length times the alphabet size.
 *
 * Layout. Input bytes are first mapped to byte classes: every byte that occurs in some pattern
 * gets its own class and all other bytes share class 0, which keeps rows short (about 60
 * classes for the identifier variants instead of 256). The transition table `delta` is an
 * Int32Array of numStates × numClasses entries holding the next state premultiplied by
 * numClasses, so a step is `state = delta[state + classOf[byte]]`. Failure links are folded into
 * the table at compile time (a full DFA), so there is no failure-chain walk while scanning.
 *
 * Case-insensitivity. Patterns marked case-insensitive are compiled case-folded, and the class
 * table maps 'A'..'Z' to the classes of 'a'..'z', so folding costs nothing at scan time. A
 * second automaton for the case-sensitive patterns would double the scanning work; instead,
 * case-sensitive patterns are compiled folded too and their hits are reported as candidates
 * (`exact(pattern)` says which): the caller, which keeps the stream history a match can span,
 * compares the raw bytes. Only base64 variants are case-sensitive, and a folded base64 hit that
 * is not an exact one is rare, so the check is almost never made.
 *
 * Match detection. A transition into a state with at least one output is stored negated, so a
 * step costs one sign test to know whether anything matched; the state returned to the caller
 * is always the plain (non-negative) one. Outputs (own patterns plus those of the
 * dictionary-suffix chain) are stored flattened per state.
 *
 * Construction. States are numbered in breadth-first order, which keeps the shallow states a
 * scan mostly visits close together, and every row is filled exactly once, in that order: a
 * copy of its failure target's row (a shallower state, so already complete) with the state's own
 * trie edges written over it. The trie itself is built from the patterns in sorted order, where
 * each pattern shares with its predecessor exactly the path of their common prefix, so neither
 * building nor numbering needs a lookup structure.
 */

export interface AhoCorasickPattern {
  bytes: Uint8Array;
  caseInsensitive: boolean;
}

function fold(b: number): number {
  return b >= 0x41 && b <= 0x5a ? b | 0x20 : b;
}

export class AhoCorasick {
  /** State to start a stream with. */
  readonly initialState = 0;
  readonly stateCount: number;
  readonly classCount: number;
  private readonly classOf: Uint8Array;
  /** Next state premultiplied by classCount, negated when that state has outputs. */
  private readonly delta: Int32Array;
  /** State s's outputs are outputs[outStart[s]..outStart[s + 1]). */
  private readonly outStart: Int32Array;
  private readonly outputs: Int32Array;
  private readonly lengths: Int32Array;
  private readonly exactFlags: Uint8Array;
  /** Trie depth of each state: how many of the last bytes scanned it stands for. */
  private readonly depths: Int32Array;

  constructor(patterns: readonly AhoCorasickPattern[]) {
    // Byte classes over the folded alphabet of all patterns.
    const used = new Uint8Array(256);
    for (const p of patterns) for (const b of p.bytes) used[fold(b)] = 1;
    const classOf = new Uint8Array(256);
    let classCount = 1;
    for (let b = 0; b < 256; b++) if (used[b]) classOf[b] = classCount++;
    for (let b = 0x41; b <= 0x5a; b++) classOf[b] = classOf[b | 0x20];
    this.classOf = classOf;
    this.classCount = classCount;
    const stride = classCount;

    this.lengths = new Int32Array(patterns.length);
    this.exactFlags = new Uint8Array(patterns.length);
    const seqs = patterns.map((p, index) => {
      this.lengths[index] = p.bytes.length;
      this.exactFlags[index] = p.caseInsensitive ? 0 : 1;
      const seq = new Uint8Array(p.bytes.length);
      for (let i = 0; i < seq.length; i++) seq[i] = classOf[p.bytes[i]];
      return seq;
    });
    const trie = buildTrie(seqs, patterns.length);
    const states = trie.states;
    this.stateCount = states;

    // Breadth-first numbering over the trie.
    const order = new Int32Array(states);
    const numberOf = new Int32Array(states);
    let tail = 1;
    for (let head = 0; head < tail; head++) {
      for (let v = trie.firstChild[order[head]]; v >= 0; v = trie.nextSibling[v]) {
        numberOf[v] = tail;
        order[tail++] = v;
      }
    }

    // Rows in breadth-first order (Aho & Corasick's construction, as a DFA). For a child v of
    // u by class c, v's failure target is where u's failure target goes on c, read from that
    // (complete) row. `dict` is the nearest state on the failure chain with outputs of its own,
    // `outCount` the number of outputs (own ones plus those along `dict`).
    const delta = new Int32Array(states * stride);
    const fail = new Int32Array(states);
    const dict = new Int32Array(states).fill(-1);
    const outCount = new Int32Array(states);
    const depths = new Int32Array(states);
    for (let n = 0; n < states; n++) {
      const u = order[n];
      const row = n * stride;
      const failRow = fail[n] * stride;
      if (n > 0) delta.copyWithin(row, failRow, failRow + stride);
      for (let v = trie.firstChild[u]; v >= 0; v = trie.nextSibling[v]) {
        const c = trie.edgeClass[v];
        const m = numberOf[v];
        const f = n === 0 ? 0 : Math.abs(delta[failRow + c]) / stride;
        fail[m] = f;
        depths[m] = depths[n] + 1;
        dict[m] = trie.ownFirst[order[f]] >= 0 ? f : dict[f];
        outCount[m] = trie.ownCount[v] + outCount[f];
        delta[row + c] = outCount[m] > 0 ? -m * stride : m * stride;
      }
    }

    // Outputs per state: its own patterns, then those of the states on its dictionary-suffix
    // chain, nearest first.
    const outStart = new Int32Array(states + 1);
    for (let n = 0; n < states; n++) outStart[n + 1] = outStart[n] + outCount[n];
    const outputs = new Int32Array(outStart[states]);
    for (let n = 1; n < states; n++) {
      if (outCount[n] === 0) continue;
      let at = outStart[n];
      for (let w = trie.ownFirst[order[n]] >= 0 ? n : dict[n]; w >= 0; w = dict[w])
        for (let j = trie.ownFirst[order[w]]; j >= 0; j = trie.ownNext[j]) outputs[at++] = j;
    }

    this.delta = delta;
    this.depths = depths;
    this.outStart = outStart;
    this.outputs = outputs;
  }

  /** Bytes held by the compiled tables, for sizing decisions. */
  get memoryBytes(): number {
    return this.delta.byteLength + this.outStart.byteLength + this.outputs.byteLength + 256;
  }

  /** Length of pattern `index` in bytes. */
  patternLength(index: number): number {
    return this.lengths[index];
  }

  /**
   * How many of the bytes scanned last a later match can include, from `state` (what scan
   * returned): a pattern that ends later and starts before them would have had its prefix,
   * a longer suffix of the bytes scanned, recognised as a deeper state.
   */
  reach(state: number): number {
    return this.depths[state / this.classCount];
  }

  /** True when pattern `index` is case-sensitive: its hits are candidates to compare exactly. */
  exact(index: number): boolean {
    return this.exactFlags[index] === 1;
  }

  /**
   * Runs the automaton over `bytes` from `state` (initialState for a new stream, or what the
   * previous call returned) and returns the state to resume from. For every occurrence of a
   * pattern ending inside `bytes` (it may have started in an earlier chunk), calls
   * onMatch(patternIndex, endIndex) with endIndex the exclusive end within `bytes`.
   */
  scan(bytes: Uint8Array, state: number, onMatch: (patternIndex: number, endIndex: number) => void): number {
    return scanTable(this.delta, this.classOf, bytes, state, this, onMatch);
  }

  /** Calls onMatch for every output of state `s` (premultiplied), ending at `end`. For scanTable. */
  report(s: number, end: number, onMatch: (patternIndex: number, endIndex: number) => void): void {
    const k = s / this.classCount;
    for (let j = this.outStart[k], last = this.outStart[k + 1]; j < last; j++) onMatch(this.outputs[j], end);
  }
}

/** The trie of the patterns' class sequences, its states numbered in creation order. */
interface Trie {
  states: number;
  /** Children of a state, in increasing class order: first one, and each one's next sibling. */
  firstChild: Int32Array;
  nextSibling: Int32Array;
  /** The class on the edge into each state. */
  edgeClass: Uint8Array;
  /** Patterns ending at each state, as a list in pattern order: first one, then ownNext. */
  ownFirst: Int32Array;
  ownNext: Int32Array;
  ownCount: Int32Array;
}

function buildTrie(seqs: readonly Uint8Array[], patternCount: number): Trie {
  // Sorted, each pattern adds states only past its common prefix with the one before; ties
  // (equal sequences) stay in pattern order, so every state's own list is in pattern order.
  const sorted: number[] = [];
  for (let index = 0; index < seqs.length; index++) if (seqs[index].length > 0) sorted.push(index);
  sorted.sort((a, b) => compareSeqs(seqs[a], seqs[b]) || a - b);
  let states = 1;
  let longest = 0;
  for (let k = 0; k < sorted.length; k++) {
    const seq = seqs[sorted[k]];
    states += seq.length - (k > 0 ? commonPrefix(seqs[sorted[k - 1]], seq) : 0);
    longest = Math.max(longest, seq.length);
  }
  const firstChild = new Int32Array(states).fill(-1);
  const lastChild = new Int32Array(states).fill(-1);
  const nextSibling = new Int32Array(states).fill(-1);
  const edgeClass = new Uint8Array(states);
  const ownFirst = new Int32Array(states).fill(-1);
  const ownLast = new Int32Array(states).fill(-1);
  const ownNext = new Int32Array(patternCount).fill(-1);
  const ownCount = new Int32Array(states);
  // The states along the previous pattern's path, by depth.
  const path = new Int32Array(longest + 1);
  let made = 1;
  for (let k = 0; k < sorted.length; k++) {
    const index = sorted[k];
    const seq = seqs[index];
    const shared = k > 0 ? commonPrefix(seqs[sorted[k - 1]], seq) : 0;
    let s = path[shared];
    for (let d = shared; d < seq.length; d++) {
      const v = made++;
      edgeClass[v] = seq[d];
      // Sorted input creates a state's children in increasing class order: append.
      if (firstChild[s] < 0) firstChild[s] = v;
      else nextSibling[lastChild[s]] = v;
      lastChild[s] = v;
      path[d + 1] = v;
      s = v;
    }
    if (ownFirst[s] < 0) ownFirst[s] = index;
    else ownNext[ownLast[s]] = index;
    ownLast[s] = index;
    ownCount[s]++;
  }
  return { states, firstChild, nextSibling, edgeClass, ownFirst, ownNext, ownCount };
}

/** Lexicographic order of two class sequences, a prefix first. */
function compareSeqs(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return a.length - b.length;
}

function commonPrefix(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a[i] === b[i]) i++;
  return i;
}

/**
 * The scan loop, a free function taking the tables as arguments: measured faster than the same
 * loop reading them from `this`, as V8 keeps fewer values live across the loop. The inner loop
 * makes no call, for the same reason (a call inside it cost a third of the throughput on
 * captured text): it stops at each state with outputs (a negative entry), reports, and resumes.
 * The main loop takes four bytes per round, with no bounds test between them: that cut the
 * time per byte by about a quarter on the benchmark capture's scanned text. The last few bytes
 * go through the one-byte loop.
 */
function scanTable(
  delta: Int32Array,
  classOf: Uint8Array,
  bytes: Uint8Array,
  state: number,
  automaton: AhoCorasick,
  onMatch: (patternIndex: number, endIndex: number) => void,
): number {
  const n = bytes.length;
  const lastRound = n - 4;
  let s = state;
  let i = 0;
  for (;;) {
    while (i <= lastRound) {
      s = delta[s + classOf[bytes[i]]];
      if (s < 0) {
        i += 1;
        break;
      }
      s = delta[s + classOf[bytes[i + 1]]];
      if (s < 0) {
        i += 2;
        break;
      }
      s = delta[s + classOf[bytes[i + 2]]];
      if (s < 0) {
        i += 3;
        break;
      }
      s = delta[s + classOf[bytes[i + 3]]];
      i += 4;
      if (s < 0) break;
    }
    if (s >= 0) {
      while (i < n) {
        s = delta[s + classOf[bytes[i++]]];
        if (s < 0) break;
      }
      if (s >= 0) return s;
    }
    s = -s;
    automaton.report(s, i, onMatch);
  }
}
