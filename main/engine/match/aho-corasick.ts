/**
 * Byte-level Aho-Corasick automaton (Aho & Corasick 1975) compiled to a full DFA in flat typed
 * arrays, with a state that resumes across chunks of a stream.
 *
 * Threat model: `scan` runs over untrusted captured bytes. It performs a few bounded table
 * lookups per input byte at most (see Skipping: the automaton resumes at most two bytes back and
 * then takes four before it can hand over again, so the position gains at least two bytes per
 * resumption), allocates nothing and cannot loop or fail on any input. The patterns are our own
 * (the identifiers' variants), and compilation time and memory are proportional to their total
 * length times the alphabet size.
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
 * Skipping. A step costs a table lookup that waits for the previous one, so the loop cannot go
 * faster than one memory latency per byte. Most of the time, though, the automaton is within two
 * bytes of its root (no pattern has got far), and then the bytes up to where some pattern could
 * next start are only stepped through to find out that nothing starts there. The scan then
 * leaves the automaton and looks for such a start instead, Wu & Manber's way (Wu & Manber 1994)
 * over a window of the shortest pattern's length: the last three bytes of a window rule out, in
 * one lookup in `skip`, every start for which no pattern has those bytes at that distance, and
 * the windows are judged `stride` starts at a time, so one window's lookup does not wait for the
 * previous one's. The automaton resumes from its root at a start that survives. This leaves the
 * matches and their order as they are (a match starts at a start the search keeps, and from
 * there the automaton is in the state the full scan would reach), and the state returned is the
 * full scan's too (see restState). It needs patterns of at least MIN_SKIP_WINDOW bytes, as the
 * identifier variants are; for shorter ones, the automaton steps through every byte.
 *
 * Construction. States are numbered in breadth-first order, which keeps the shallow states a
 * scan mostly visits close together, and every row is filled exactly once, in that order: a
 * copy of its failure target's row (a shallower state, so already complete) with the state's own
 * trie edges written over it. The trie itself is built from the patterns in sorted order, where
 * each pattern shares with its predecessor exactly the path of their common prefix and the
 * states come out numbered breadth-first (see buildTrie), so neither building nor numbering
 * needs a lookup structure.
 */

export interface AhoCorasickPattern {
  bytes: Uint8Array;
  caseInsensitive: boolean;
}

function fold(b: number): number {
  return b >= 0x41 && b <= 0x5a ? b | 0x20 : b;
}

/**
 * Window of the skip search: the shortest pattern's length, capped so that the table stays
 * sparse (each pattern puts window - 2 three-byte groups in it). Below the minimum, the search
 * would skip too few bytes to pay for itself.
 */
const MIN_SKIP_WINDOW = 6;
const MAX_SKIP_WINDOW = 10;
/** The skip table has 2^15 one-byte entries: it fits the processor's first-level cache. */
const SKIP_MASK = (1 << 15) - 1;
/** Flag in a skip entry: the three bytes begin some pattern. The low bits hold the shift. */
const BEGINS = 0x80;
/** Depth up to which the automaton counts as near its root, where the skip search takes over. */
const SHALLOW_DEPTH = 2;

/**
 * Slot of three consecutive bytes in the skip table. Bytes are folded with `| 0x20`, which maps
 * every byte the automaton takes as equal to a pattern byte (the same byte, or the other case of
 * a letter) to the same value; unrelated groups sharing a slot only make the search skip less.
 */
function gramSlot(x: number, y: number, z: number): number {
  return (((x | 0x20) << 10) ^ ((y | 0x20) << 5) ^ (z | 0x20)) & SKIP_MASK;
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
  /** The skip search's table (see gramSlot), empty when the search is off. */
  private readonly skip: Uint8Array;
  /** Its window: the shortest pattern's length, capped (0 when the search is off). */
  private readonly window: number;
  /** States below this (premultiplied) are within SHALLOW_DEPTH of the root; 0 when off. */
  private readonly shallowLimit: number;

  /** `options.skip: false` turns the skip search off, for tests that compare the two ways. */
  constructor(patterns: readonly AhoCorasickPattern[], options: { skip?: boolean } = {}) {
    // Each phase is a function of its own: construction runs once per analysis, mostly before
    // the JIT has caught up, and a small function's loop is compiled (on-stack replacement)
    // alone, not with the later phases, whose code has no type feedback yet and would throw the
    // compiled code away on reaching them.
    const classOf = byteClasses(patterns);
    const stride = classCountOf(classOf);
    this.classOf = classOf;
    this.classCount = stride;
    this.lengths = new Int32Array(patterns.length);
    this.exactFlags = new Uint8Array(patterns.length);
    for (let index = 0; index < patterns.length; index++) {
      this.lengths[index] = patterns[index].bytes.length;
      this.exactFlags[index] = patterns[index].caseInsensitive ? 0 : 1;
    }
    const trie = buildTrie(classSequences(patterns, classOf), patterns.length);
    const states = trie.states;
    this.stateCount = states;
    const rows = fillRows(trie, stride);
    this.delta = rows.delta;
    this.depths = rows.depths;
    this.outStart = outputStarts(rows.outCount);
    this.outputs = flattenOutputs(trie, rows.dict, this.outStart);

    let shortest = Number.POSITIVE_INFINITY;
    for (let index = 0; index < patterns.length; index++) {
      const length = patterns[index].bytes.length;
      if (length > 0 && length < shortest) shortest = length;
    }
    const window = Math.min(shortest, MAX_SKIP_WINDOW);
    if (options.skip !== false && window >= MIN_SKIP_WINDOW && window !== Number.POSITIVE_INFINITY) {
      this.window = window;
      this.skip = skipTable(patterns, window);
      let shallow = 0;
      while (shallow < states && rows.depths[shallow] <= SHALLOW_DEPTH) shallow++;
      this.shallowLimit = shallow * stride;
    } else {
      this.window = 0;
      this.skip = new Uint8Array(0);
      this.shallowLimit = 0;
    }
  }

  /** Bytes held by the compiled tables, for sizing decisions. */
  get memoryBytes(): number {
    return (
      this.delta.byteLength + this.outStart.byteLength + this.outputs.byteLength + this.skip.byteLength + 256
    );
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
    return scanTable(
      this.delta,
      this.classOf,
      bytes,
      state,
      this,
      onMatch,
      this.shallowLimit,
      this.skip,
      this.window,
    );
  }

  /** Calls onMatch for every output of state `s` (premultiplied), ending at `end`. For scanTable. */
  report(s: number, end: number, onMatch: (patternIndex: number, endIndex: number) => void): void {
    const k = s / this.classCount;
    for (let j = this.outStart[k], last = this.outStart[k + 1]; j < last; j++) onMatch(this.outputs[j], end);
  }
}

/**
 * Byte classes over the folded alphabet of all patterns: class 0 for the bytes no pattern has,
 * one class per other byte, and 'A'..'Z' mapped to the classes of 'a'..'z'.
 */
function byteClasses(patterns: readonly AhoCorasickPattern[]): Uint8Array {
  const used = usedBytes(patterns);
  // Folded afterwards: the folded alphabet is the set of the used bytes' folds.
  for (let b = 0x41; b <= 0x5a; b++) if (used[b]) used[b | 0x20] = 1;
  const classOf = new Uint8Array(256);
  let next = 1;
  for (let b = 0; b < 256; b++) if (used[b] && fold(b) === b) classOf[b] = next++;
  for (let b = 0x41; b <= 0x5a; b++) classOf[b] = classOf[b | 0x20];
  return classOf;
}

/**
 * used[b] is 1 for each byte b some pattern has. A function of its own, as the other phases
 * are (see the constructor): its loop is the long one.
 */
function usedBytes(patterns: readonly AhoCorasickPattern[]): Uint8Array {
  const used = new Uint8Array(256);
  for (let index = 0; index < patterns.length; index++) {
    const bytes = patterns[index].bytes;
    for (let i = 0; i < bytes.length; i++) used[bytes[i]] = 1;
  }
  return used;
}

/** The number of classes byteClasses made (the highest class, plus one). */
function classCountOf(classOf: Uint8Array): number {
  let highest = 0;
  for (let b = 0; b < 256; b++) if (classOf[b] > highest) highest = classOf[b];
  return highest + 1;
}

/** Each pattern as its sequence of byte classes. */
function classSequences(patterns: readonly AhoCorasickPattern[], classOf: Uint8Array): Uint8Array[] {
  const seqs: Uint8Array[] = [];
  for (let index = 0; index < patterns.length; index++) {
    const bytes = patterns[index].bytes;
    const seq = new Uint8Array(bytes.length);
    for (let i = 0; i < seq.length; i++) seq[i] = classOf[bytes[i]];
    seqs.push(seq);
  }
  return seqs;
}

/** The DFA's rows and what the outputs need of each state, by breadth-first number. */
interface Rows {
  delta: Int32Array;
  depths: Int32Array;
  /** The nearest state on the failure chain with outputs of its own, or -1. */
  dict: Int32Array;
  /** The number of outputs: own ones plus those along `dict`. */
  outCount: Int32Array;
}

/**
 * Rows in breadth-first order (Aho & Corasick's construction, as a DFA). For a child m of n by
 * class c, m's failure target is where n's failure target goes on c, read from that (complete)
 * row.
 */
function fillRows(trie: Trie, stride: number): Rows {
  const { states, firstChild, childCount, edgeClass, ownFirst, ownCount } = trie;
  const delta = new Int32Array(states * stride);
  const fail = new Int32Array(states);
  const dict = new Int32Array(states).fill(-1);
  const outCount = new Int32Array(states);
  const depths = new Int32Array(states);
  for (let n = 0; n < states; n++) {
    const row = n * stride;
    const failRow = fail[n] * stride;
    if (n > 0) delta.copyWithin(row, failRow, failRow + stride);
    for (let m = firstChild[n], last = m + childCount[n]; m < last; m++) {
      const c = edgeClass[m];
      // The entry is premultiplied, and negated when its state has outputs. Both are undone
      // and done with operations that run from the first state on: the first states have no
      // outputs, and an operation first met after the loop was compiled would discard it.
      const f = n === 0 ? 0 : Math.abs(delta[failRow + c]) / stride;
      fail[m] = f;
      depths[m] = depths[n] + 1;
      dict[m] = ownFirst[f] >= 0 ? f : dict[f];
      outCount[m] = ownCount[m] + outCount[f];
      delta[row + c] = (outCount[m] > 0 ? -1 : 1) * m * stride;
    }
  }
  return { delta, depths, dict, outCount };
}

/** Where each state's outputs begin in the flattened list (and, at `states`, its length). */
function outputStarts(outCount: Int32Array): Int32Array {
  const states = outCount.length;
  const outStart = new Int32Array(states + 1);
  for (let n = 0; n < states; n++) outStart[n + 1] = outStart[n] + outCount[n];
  return outStart;
}

/**
 * Outputs per state: its own patterns, then those of the states on its dictionary-suffix
 * chain, nearest first.
 */
function flattenOutputs(trie: Trie, dict: Int32Array, outStart: Int32Array): Int32Array {
  const { ownFirst, ownNext } = trie;
  const states = trie.states;
  const outputs = new Int32Array(outStart[states]);
  for (let n = 1; n < states; n++) {
    let at = outStart[n];
    if (at === outStart[n + 1]) continue;
    for (let w = ownFirst[n] >= 0 ? n : dict[n]; w >= 0; w = dict[w])
      for (let j = ownFirst[w]; j >= 0; j = ownNext[j]) outputs[at++] = j;
  }
  return outputs;
}

/**
 * The skip search's table over windows of `window` bytes. For each slot, the low bits hold how
 * many starts after a window's first the window's last three bytes allow skipping: the least
 * `window - 3 - o` over the patterns that have those bytes (as gramSlot sees them) at offset o
 * within their first `window` bytes, and `window - 2` (the stride: no start in this window)
 * when none has. BEGINS marks the groups some pattern begins with.
 */
function skipTable(patterns: readonly AhoCorasickPattern[], window: number): Uint8Array {
  const table = new Uint8Array(SKIP_MASK + 1).fill(window - 2);
  for (const { bytes } of patterns) {
    if (bytes.length === 0) continue;
    for (let o = 0; o + 3 <= window; o++) {
      const slot = gramSlot(bytes[o], bytes[o + 1], bytes[o + 2]);
      table[slot] = (table[slot] & BEGINS) | Math.min(table[slot] & ~BEGINS, window - 3 - o);
    }
    table[gramSlot(bytes[0], bytes[1], bytes[2])] |= BEGINS;
  }
  return table;
}

/**
 * The trie of the patterns' class sequences, its states numbered breadth-first (the root is 0).
 * A state's children have consecutive numbers, in increasing class order.
 */
interface Trie {
  states: number;
  /** Children of state s: firstChild[s] .. firstChild[s] + childCount[s] - 1. */
  firstChild: Int32Array;
  childCount: Int32Array;
  /** The class on the edge into each state. */
  edgeClass: Uint8Array;
  /** Patterns ending at each state, as a list in pattern order: first one, then ownNext. */
  ownFirst: Int32Array;
  ownNext: Int32Array;
  ownCount: Int32Array;
}

/**
 * Builds the trie from the sequences in sorted order: each one adds states only past its
 * common prefix with the one before (the states along that one's path are at hand), and ties
 * (equal sequences) stay in pattern order, so every state's own list is in pattern order.
 *
 * Sorted order also numbers the states breadth-first as they are made: breadth-first order
 * puts the states of one depth in the order of their parents, then of their edges' classes,
 * which is the lexicographic order of the prefixes they stand for, the order in which the
 * sorted sequences reach them. So a state's number is where its depth starts plus how many
 * states of that depth came before it, and the children of a state, whose prefixes sort
 * together, get consecutive numbers.
 */
function buildTrie(seqs: readonly Uint8Array[], patternCount: number): Trie {
  const sorted: number[] = [];
  let longest = 0;
  for (let index = 0; index < seqs.length; index++) {
    if (seqs[index].length === 0) continue;
    sorted.push(index);
    if (seqs[index].length > longest) longest = seqs[index].length;
  }
  sorted.sort((a, b) => compareSeqs(seqs[a], seqs[b]) || a - b);
  // shared[k]: the common prefix of sorted sequence k with the one before. nextAt[d]: the
  // number of the next state made at depth d, after the counting pass.
  const shared = new Int32Array(sorted.length);
  const nextAt = new Int32Array(longest + 2);
  countStates(seqs, sorted, shared, nextAt);
  let states = 1;
  for (let d = 1; d <= longest; d++) {
    const count = nextAt[d];
    nextAt[d] = states;
    states += count;
  }
  const firstChild = new Int32Array(states);
  const childCount = new Int32Array(states);
  const edgeClass = new Uint8Array(states);
  const ownFirst = new Int32Array(states).fill(-1);
  const ownLast = new Int32Array(states);
  const ownNext = new Int32Array(patternCount).fill(-1);
  const ownCount = new Int32Array(states);
  // The states along the previous sequence's path, by depth.
  const path = new Int32Array(longest + 1);
  for (let k = 0; k < sorted.length; k++) {
    const index = sorted[k];
    const seq = seqs[index];
    let s = path[shared[k]];
    for (let d = shared[k]; d < seq.length; d++) {
      const v = nextAt[d + 1]++;
      edgeClass[v] = seq[d];
      if (childCount[s]++ === 0) firstChild[s] = v;
      path[d + 1] = v;
      s = v;
    }
    if (ownFirst[s] < 0) ownFirst[s] = index;
    else ownNext[ownLast[s]] = index;
    ownLast[s] = index;
    ownCount[s]++;
  }
  return { states, firstChild, childCount, edgeClass, ownFirst, ownNext, ownCount };
}

/**
 * The counting pass of buildTrie: each sorted sequence's common prefix with the one before
 * (into `shared`) and how many states each depth gets (into `perDepth`). A function of its
 * own, as the constructor's phases are, for the same reason.
 */
function countStates(
  seqs: readonly Uint8Array[],
  sorted: readonly number[],
  shared: Int32Array,
  perDepth: Int32Array,
): void {
  for (let k = 0; k < sorted.length; k++) {
    const seq = seqs[sorted[k]];
    const common = k > 0 ? commonPrefix(seqs[sorted[k - 1]], seq) : 0;
    shared[k] = common;
    for (let d = common + 1; d <= seq.length; d++) perDepth[d]++;
  }
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
 * makes no call per byte, for the same reason (a call inside it cost a third of the throughput
 * on captured text): it stops at each state with outputs (a negative entry), reports, and
 * resumes. The main loop takes four bytes per round, with no bounds test between them: that cut
 * the time per byte by about a quarter on the benchmark capture's scanned text. The last few
 * bytes go through the one-byte loop.
 *
 * After each round, a state below `shallowLimit` (within SHALLOW_DEPTH of the root) hands over
 * to the skip search (nextStart): no pattern still in progress started before the last
 * SHALLOW_DEPTH bytes, so only starts from there on matter. The automaton resumes from its root
 * at the start found; when there is none, no match can end in this chunk, and restState gives
 * the state to return. With the search off, shallowLimit is 0 and the test never holds.
 */
function scanTable(
  delta: Int32Array,
  classOf: Uint8Array,
  bytes: Uint8Array,
  state: number,
  automaton: AhoCorasick,
  onMatch: (patternIndex: number, endIndex: number) => void,
  shallowLimit: number,
  skip: Uint8Array,
  window: number,
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
      if (s < shallowLimit) {
        const start = nextStart(skip, window, bytes, i - SHALLOW_DEPTH);
        if (start < 0) return restState(delta, classOf, bytes, window);
        // From the root at `start` the automaton reaches, by the time any match can end, the
        // same state as the full scan: what it misses began at a start the search ruled out.
        i = start;
        s = 0;
      }
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

/**
 * The first start at or after `from` where a pattern may begin, or -1 when no pattern that
 * begins at or after `from` can end within `bytes`. Windows are judged `window - 2` starts at a
 * time; a window whose last three bytes some pattern has near its beginning is narrowed to the
 * first start they allow, which is kept when its first three bytes begin some pattern.
 */
function nextStart(skip: Uint8Array, window: number, bytes: Uint8Array, from: number): number {
  // The module's constants as locals, and gramSlot written out: compiled code reloads and
  // rechecks a module-level binding (a constant, or the function called) at every use in the
  // loop, which cost a fifth of the search's instructions; a local stays in a register.
  const begins = BEGINS;
  const mask = SKIP_MASK;
  const stride = window - 2;
  const lastStart = bytes.length - window;
  let j = from;
  while (j <= lastStart) {
    const e = j + window - 1;
    const last = (((bytes[e - 2] | 0x20) << 10) ^ ((bytes[e - 1] | 0x20) << 5) ^ (bytes[e] | 0x20)) & mask;
    const shift = skip[last] & ~begins;
    if (shift === stride) {
      j += stride;
      continue;
    }
    j += shift;
    if (shift === 0) {
      const first = (((bytes[j] | 0x20) << 10) ^ ((bytes[j + 1] | 0x20) << 5) ^ (bytes[j + 2] | 0x20)) & mask;
      if ((skip[first] & begins) !== 0) return j;
      j++;
    }
  }
  return -1;
}

/**
 * The automaton's state at the end of `bytes` when the skip search found no start to resume
 * at: what the full scan would return. That state stands for the longest end of the stream that
 * begins some pattern. It is shorter than `window` (had it `window` bytes or more, a pattern
 * could begin where it does and the search would have kept that start), so it lies in the last
 * `window - 1` bytes, and stepping through them from the root finds it. Too few bytes for any
 * pattern, they cannot end a match.
 */
function restState(delta: Int32Array, classOf: Uint8Array, bytes: Uint8Array, window: number): number {
  let s = 0;
  for (let i = Math.max(0, bytes.length - window + 1); i < bytes.length; i++) {
    s = delta[s + classOf[bytes[i]]];
    if (s < 0) s = -s;
  }
  return s;
}
