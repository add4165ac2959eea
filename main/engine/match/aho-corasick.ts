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
 * Match detection. States are renumbered so that every state with at least one output comes
 * after every state without one: a step costs one comparison with `acceptFrom` to know whether
 * anything matched. Outputs (own patterns plus those of the dictionary-suffix chain) are stored
 * flattened per accepting state.
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
  private readonly delta: Int32Array;
  /** Premultiplied index of the first accepting state. */
  private readonly acceptFrom: number;
  /** For accepting state k (counted from the first), its outputs are outputs[outStart[k]..outStart[k+1]). */
  private readonly outStart: Int32Array;
  private readonly outputs: Int32Array;
  private readonly lengths: Int32Array;
  private readonly exactFlags: Uint8Array;

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

    // Trie over folded pattern bytes, kept sparse: children are found through a map keyed by
    // state × stride + class, and listed per state (first child, next sibling) for the BFS.
    // A dense trie table would cost a second table as large as `delta` to fill and renumber.
    const stride = classCount;
    const child = new Map<number, number>();
    const firstChild: number[] = [-1];
    const nextSibling: number[] = [-1];
    const edgeClass: number[] = [0];
    const own: number[][] = [[]];
    let states = 1;
    this.lengths = new Int32Array(patterns.length);
    this.exactFlags = new Uint8Array(patterns.length);
    patterns.forEach((p, index) => {
      this.lengths[index] = p.bytes.length;
      this.exactFlags[index] = p.caseInsensitive ? 0 : 1;
      if (p.bytes.length === 0) return;
      let s = 0;
      for (const b of p.bytes) {
        const c = classOf[fold(b)];
        let v = child.get(s * stride + c);
        if (v === undefined) {
          v = states++;
          child.set(s * stride + c, v);
          own.push([]);
          edgeClass.push(c);
          firstChild.push(-1);
          nextSibling.push(firstChild[s]);
          firstChild[s] = v;
        }
        s = v;
      }
      own[s].push(index);
    });

    // Breadth-first over the trie: failure links (the classic failure-chain walk, linear in the
    // total pattern length) and outputs through suffix links.
    const fail = new Int32Array(states);
    const out = new Array<number[]>(states);
    out[0] = own[0];
    const order = new Int32Array(states);
    let head = 0;
    let tail = 0;
    for (let v = firstChild[0]; v >= 0; v = nextSibling[v]) order[tail++] = v;
    while (head < tail) {
      const u = order[head++];
      const f = fail[u];
      out[u] = own[u].length > 0 ? (out[f].length > 0 ? own[u].concat(out[f]) : own[u]) : out[f];
      for (let v = firstChild[u]; v >= 0; v = nextSibling[v]) {
        const c = edgeClass[v];
        let g = f;
        let target = child.get(g * stride + c);
        while (target === undefined && g !== 0) {
          g = fail[g];
          target = child.get(g * stride + c);
        }
        fail[v] = target ?? 0;
        order[tail++] = v;
      }
    }

    // Renumber: root first, then non-accepting states, then accepting ones, in BFS order, so a
    // state's failure target always has its row filled before the state itself.
    const renumber = new Int32Array(states);
    let next = 1;
    for (let i = 0; i < tail; i++) if (out[order[i]].length === 0) renumber[order[i]] = next++;
    const firstAccepting = next;
    for (let i = 0; i < tail; i++) if (out[order[i]].length > 0) renumber[order[i]] = next++;

    // Full transitions: a state's row is its failure target's row (a native copy) with its own
    // children written over it; the root's row holds its children and the root elsewhere (0).
    const delta = new Int32Array(states * stride);
    for (let v = firstChild[0]; v >= 0; v = nextSibling[v]) delta[edgeClass[v]] = renumber[v] * stride;
    for (let i = 0; i < tail; i++) {
      const u = order[i];
      const row = renumber[u] * stride;
      const failRow = renumber[fail[u]] * stride;
      delta.copyWithin(row, failRow, failRow + stride);
      for (let v = firstChild[u]; v >= 0; v = nextSibling[v])
        delta[row + edgeClass[v]] = renumber[v] * stride;
    }
    const outStart = new Int32Array(states - firstAccepting + 1);
    let total = 0;
    const byNewId = new Array<number[]>(states - firstAccepting);
    for (let s = 1; s < states; s++) {
      if (renumber[s] >= firstAccepting) byNewId[renumber[s] - firstAccepting] = out[s];
    }
    for (let k = 0; k < byNewId.length; k++) {
      outStart[k] = total;
      total += byNewId[k].length;
    }
    outStart[byNewId.length] = total;
    const outputs = new Int32Array(total);
    byNewId.forEach((list, k) => outputs.set(list, outStart[k]));

    this.delta = delta;
    this.stateCount = states;
    this.acceptFrom = firstAccepting * stride;
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
    return scanTable(this.delta, this.classOf, this.acceptFrom, bytes, state, this, onMatch);
  }

  /** Calls onMatch for every output of accepting state `s` (premultiplied), ending at `end`. For scanTable. */
  report(s: number, end: number, onMatch: (patternIndex: number, endIndex: number) => void): void {
    const k = (s - this.acceptFrom) / this.classCount;
    for (let j = this.outStart[k], last = this.outStart[k + 1]; j < last; j++) onMatch(this.outputs[j], end);
  }
}

/**
 * The scan loop, a free function taking the tables as arguments: measured faster than the same
 * loop reading them from `this`, as V8 keeps fewer values live across the loop. The inner loop
 * makes no call, for the same reason (a call inside it cost a third of the throughput on
 * captured text): it stops at each accepting state, reports, and resumes.
 */
function scanTable(
  delta: Int32Array,
  classOf: Uint8Array,
  acceptFrom: number,
  bytes: Uint8Array,
  state: number,
  automaton: AhoCorasick,
  onMatch: (patternIndex: number, endIndex: number) => void,
): number {
  const n = bytes.length;
  let s = state;
  let i = 0;
  if (n === 0) return s;
  for (;;) {
    while (i < n) {
      s = delta[s + classOf[bytes[i++]]];
      if (s >= acceptFrom) break;
    }
    if (s < acceptFrom) return s;
    automaton.report(s, i, onMatch);
    if (i >= n) return s;
  }
}
