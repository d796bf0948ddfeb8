/**
 * An Aho–Corasick automaton over the needles of a rule set: one pass over a text finds every
 * needle it holds, at a cost per character that does not grow with the number of needles (a
 * table lookup). Needles are lowercased; ASCII capitals read as small letters through the
 * character classes, and a text with other characters is lowercased whole first (lowercasing
 * outside ASCII can make ASCII letters: the Kelvin sign).
 */

/** Table cells (states × character classes) past which needles are cut shorter (two bytes each). */
const MAX_CELLS = 8_000_000
/** States are numbered in 16 bits: a small table stays in the processor's cache. */
const MAX_STATES = 65_535

export class NeedleAutomaton {
  /** Class of each ASCII code (0: a character no needle holds). */
  private readonly asciiClass = new Uint16Array(128)
  /** Class of each other character some needle holds. */
  private readonly otherClass = new Map<number, number>()
  private readonly classes: number
  /** `delta[state * classes + class]`: the next state (failure links already followed). */
  private readonly delta: Uint16Array
  /** 1 for states where some needle ends. */
  private readonly ends: Uint8Array
  /** Needles ending at each state, its own and its suffixes': `outIds[outStart[s] .. outStart[s + 1])`. */
  private readonly outStart: Int32Array
  private readonly outIds: Int32Array
  /** Length needles were cut to (at most the longest needle). */
  readonly needleLength: number

  /**
   * `needles`: lowercased, distinct; a text holds needle `i` when `scan` reports `i`. `maxCells`:
   * the table's size past which needles are cut shorter.
   */
  constructor(needles: readonly string[], maxCells = MAX_CELLS) {
    const alphabet = new Map<number, number>()
    for (const n of needles) for (let i = 0; i < n.length; i++) if (!alphabet.has(n.charCodeAt(i))) alphabet.set(n.charCodeAt(i), alphabet.size + 1)
    this.classes = alphabet.size + 1
    for (const [code, cls] of alphabet) {
      if (code < 128) this.asciiClass[code] = cls
      else this.otherClass.set(code, cls)
    }
    // Capitals read as their small letters (the text is not lowercased when it is ASCII).
    for (let c = 65; c <= 90; c++) this.asciiClass[c] = this.asciiClass[c | 32]

    // A needle cut shorter is still held by every text that holds the whole: a rule set too big
    // for the table costs selectivity, never a match.
    let length = needles.reduce((m, n) => Math.max(m, n.length), 0)
    const statesAt = (len: number) => needles.reduce((sum, n) => sum + Math.min(n.length, len), 1)
    while (length > 1 && (statesAt(length) > MAX_STATES || statesAt(length) * this.classes > maxCells)) length--
    this.needleLength = length

    // The trie: goto edges per state, then failure links breadth first.
    const edges: Map<number, number>[] = [new Map()]
    const ends: number[][] = [[]]
    needles.forEach((needle, id) => {
      let s = 0
      for (let i = 0; i < Math.min(needle.length, length); i++) {
        const cls = alphabet.get(needle.charCodeAt(i))!
        let next = edges[s].get(cls)
        if (next === undefined) {
          next = edges.length
          edges.push(new Map())
          ends.push([])
          edges[s].set(cls, next)
        }
        s = next
      }
      ends[s].push(id)
    })
    // Cut to one character, the states are the distinct first characters: never past 16 bits in practice.
    if (edges.length > MAX_STATES + 1) throw new Error(`needle automaton: ${edges.length} states`)
    const k = this.classes
    this.delta = new Uint16Array(edges.length * k)
    const fail = new Int32Array(edges.length)
    const outs: number[][] = ends.map((e) => [...e])
    const queue: number[] = []
    for (const [cls, next] of edges[0]) {
      this.delta[cls] = next
      queue.push(next)
    }
    for (let q = 0; q < queue.length; q++) {
      const s = queue[q]
      // Needles ending at the failure state end here too (it is a suffix of this state's text).
      for (const id of outs[fail[s]]) outs[s].push(id)
      for (let cls = 0; cls < k; cls++) {
        const next = edges[s].get(cls)
        if (next === undefined) this.delta[s * k + cls] = this.delta[fail[s] * k + cls]
        else {
          fail[next] = this.delta[fail[s] * k + cls]
          this.delta[s * k + cls] = next
          queue.push(next)
        }
      }
    }
    const n = edges.length
    this.ends = new Uint8Array(n)
    this.outStart = new Int32Array(n + 1)
    for (let s = 0; s < n; s++) {
      this.outStart[s + 1] = this.outStart[s] + outs[s].length
      if (outs[s].length > 0) this.ends[s] = 1
    }
    this.outIds = new Int32Array(this.outStart[n])
    for (let s = 0; s < n; s++) this.outIds.set(outs[s], this.outStart[s])
  }

  /** Calls `found(id)` for each needle `text` holds (a needle held twice may be reported twice). */
  scan(text: string, found: (id: number) => void): void {
    const { asciiClass, delta, ends, classes } = this
    let s = 0
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i)
      if (c >= 128) {
        // Lowercased whole from the start: needles found so far are found again, and the caller dedupes.
        this.scanLowered(text.toLowerCase(), found)
        return
      }
      s = delta[s * classes + asciiClass[c]]
      if (ends[s] !== 0) this.report(s, found)
    }
  }

  private scanLowered(text: string, found: (id: number) => void): void {
    const { asciiClass, otherClass, delta, ends, classes } = this
    let s = 0
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i)
      s = delta[s * classes + (c < 128 ? asciiClass[c] : (otherClass.get(c) ?? 0))]
      if (ends[s] !== 0) this.report(s, found)
    }
  }

  private report(s: number, found: (id: number) => void): void {
    for (let j = this.outStart[s]; j < this.outStart[s + 1]; j++) found(this.outIds[j])
  }
}
