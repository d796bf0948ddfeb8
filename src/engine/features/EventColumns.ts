/**
 * Events as columns while they are read: what the detectors need of each event (typed arrays and
 * interned strings, ~70 bytes an event once a block is full and narrowed) instead of the event
 * objects (~1 KB with the raw line), so a scan holds a folder's events without holding its text
 * (what the rules read in it is a column too, lineFacts.ts). `toTable` sorts them by time into the
 * EventTable the features, models and rules read.
 */
import { EVENT_KINDS, type NormalizedEvent } from '../../shared/event'
import { failureVoiceOf, isFailedAttemptKind } from './attempts'
import { Interner } from './Interner'
import { lineFacts } from './lineFacts'
import { narrowIds, narrowNumbers, type IdColumn, type NumberColumn } from './narrow'

const KIND_OF: ReadonlyMap<string, number> = new Map(EVENT_KINDS.map((k, i) => [k, i]))
const KIND_OTHER = KIND_OF.get('other')!
const KIND_CRON = KIND_OF.get('cron')!
const KIND_INVALID_USER = KIND_OF.get('invalid_user')!
const KIND_AUTH_FAILURE = KIND_OF.get('auth_failure')!

/** The columns, in append order (or, after `toTable`, in time order). */
export interface ColumnSet {
  ts: Float64Array
  kind: Uint8Array
  outcome: Uint8Array
  count: Float64Array
  host: Int32Array
  user: Int32Array
  target: Int32Array
  ip: Int32Array
  country: Int32Array
  command: Int32Array
  program: Int32Array
  /** NaN when the event has none. */
  pid: Float64Array
  invalid: Uint8Array
  scheduled: Uint8Array
  /** 1 when the raw text is a JSON record (portal, cloud audit) rather than a log line. */
  record: Uint8Array
  /** Failed attempts only (else -1 / NaN): the line's voice (an id in `voices`) and the n of "PAM n more" (features/attempts.ts). */
  voice: Int32Array
  pamMore: Float64Array
  bytes: Float64Array
  lat: Float64Array
  lon: Float64Array
  /** What the rules read in the line's text (lineFacts.ts FACT bits). */
  facts: Uint8Array
  /** logind lines: the session they name (an id in `sessionNames`), else -1. */
  logind: Int32Array
}

type ColumnName = keyof ColumnSet

/** Columns held narrow in the table (narrow.ts): numbers that are often small integers, and interned ids. */
const NUMBER_COLUMNS = ['count', 'pid', 'pamMore', 'bytes', 'lat', 'lon'] as const
const ID_COLUMNS = ['host', 'user', 'target', 'ip', 'country', 'command', 'program', 'voice', 'logind'] as const
type NumberColumnName = (typeof NUMBER_COLUMNS)[number]
type IdColumnName = (typeof ID_COLUMNS)[number]

/** The columns as the time-ordered table holds them: the same values, some in narrower arrays. */
export type TableColumns = Omit<ColumnSet, NumberColumnName | IdColumnName> & { [K in NumberColumnName]: NumberColumn } & { [K in IdColumnName]: IdColumn }
const COLUMN_TYPES: { [K in ColumnName]: new (n: number) => ColumnSet[K] } = {
  ts: Float64Array,
  kind: Uint8Array,
  outcome: Uint8Array,
  count: Float64Array,
  host: Int32Array,
  user: Int32Array,
  target: Int32Array,
  ip: Int32Array,
  country: Int32Array,
  command: Int32Array,
  program: Int32Array,
  pid: Float64Array,
  invalid: Uint8Array,
  scheduled: Uint8Array,
  record: Uint8Array,
  voice: Int32Array,
  pamMore: Float64Array,
  bytes: Float64Array,
  lat: Float64Array,
  lon: Float64Array,
  facts: Uint8Array,
  logind: Int32Array,
}
const COLUMN_NAMES = Object.keys(COLUMN_TYPES) as ColumnName[]

export const OUTCOME_CODE = { success: 0, failure: 1, unknown: 2 } as const

/** The interners of a column set: ids in the user, target, ip, ... columns index their `values`. */
export interface ColumnInterners {
  hosts: Interner
  users: Interner
  ips: Interner
  countries: Interner
  commands: Interner
  programs: Interner
}

/** Rows per block of appended columns: a folder grows by blocks, never by copying what it holds. */
const BLOCK_BITS = 16
const BLOCK_ROWS = 1 << BLOCK_BITS
const BLOCK_MASK = BLOCK_ROWS - 1

/**
 * One block of appended rows: the columns, and what the store's order and the ids need. The block
 * being filled is wide; a full one is held as narrow as its values allow (`seal`), as the table is.
 */
interface Block {
  cols: TableColumns
  /** What each appended event is called by (its store id, or its input index). */
  ids: NumberColumn
  /** For the store's order among equal times: source file (interned) and line. */
  file: IdColumn
  line: NumberColumn
}

export class EventColumns {
  n = 0
  /** Rows the blocks hold; the first block grows by doubling up to BLOCK_ROWS (a live batch is small). */
  private cap = 0
  private blocks: Block[] = []
  readonly interners: ColumnInterners = newInterners()
  readonly files = new Interner()
  /** Voices of failure lines (attempts.ts): only ever compared as strings, so never renumbered. */
  readonly voices = new Interner()
  /** logind session names (lineFacts.ts): likewise only compared. */
  readonly sessionNames = new Interner()
  private readonly programIds = new Map<string, number>()

  constructor(capacity = 1024) {
    this.blocks.push(allocateBlock(Math.min(BLOCK_ROWS, Math.max(16, capacity))))
    this.cap = this.blocks[0].ids.length
  }

  /** The columns of `events`, each called by its index. */
  static of(events: readonly NormalizedEvent[]): EventColumns {
    const c = new EventColumns(events.length)
    for (let i = 0; i < events.length; i++) c.append(events[i], i)
    return c
  }

  append(e: NormalizedEvent, id: number): void {
    if (this.n === this.cap) this.grow()
    const at = this.n++
    const b = this.blocks[at >>> BLOCK_BITS]
    const i = at & BLOCK_MASK
    const c = b.cols
    const it = this.interners
    b.ids[i] = id
    b.file[i] = this.files.intern(e.source_file)
    b.line[i] = e.source_line
    c.ts[i] = e.ts
    const k = KIND_OF.get(e.event) ?? KIND_OTHER
    c.kind[i] = k
    c.outcome[i] = e.outcome === 'success' ? 0 : e.outcome === 'failure' ? 1 : 2
    c.count[i] = e.count > 0 ? e.count : 1
    c.host[i] = it.hosts.intern(e.host)
    c.user[i] = it.users.intern(e.user)
    c.target[i] = it.users.intern(e.target_user)
    c.ip[i] = it.ips.intern(e.src_ip)
    c.country[i] = it.countries.intern(e.country)
    c.command[i] = it.commands.intern(e.command)
    let p = -1
    if (e.program !== null) {
      // Program names repeat: lower-case each distinct spelling once.
      const known = this.programIds.get(e.program)
      p = known ?? it.programs.intern(e.program.toLowerCase())
      if (known === undefined) this.programIds.set(e.program, p)
    }
    c.program[i] = p
    c.pid[i] = e.pid ?? NaN
    c.invalid[i] = k === KIND_INVALID_USER || (k === KIND_AUTH_FAILURE && isInvalidUserLine(e.raw)) ? 1 : 0
    c.scheduled[i] = k === KIND_CRON || (p >= 0 && isScheduler(it.programs.values[p])) ? 1 : 0
    c.record[i] = e.raw.charCodeAt(0) === 123 ? 1 : 0
    if (isFailedAttemptKind(k, c.outcome[i])) {
      const { voice, more } = failureVoiceOf(e.raw)
      c.voice[i] = this.voices.intern(voice)
      c.pamMore[i] = more
    } else {
      c.voice[i] = -1
      c.pamMore[i] = NaN
    }
    c.bytes[i] = e.bytes ?? NaN
    c.lat[i] = e.lat ?? NaN
    c.lon[i] = e.lon ?? NaN
    const facts = lineFacts(e, EVENT_KINDS[k], p >= 0 && it.programs.values[p] === 'systemd-logind', this.sessionNames)
    c.facts[i] = facts.facts
    c.logind[i] = facts.session
  }

  /** Column `name` of the appended rows, in append order (a copy). */
  column<K extends ColumnName>(name: K): ColumnSet[K] {
    return this.gather((b) => b.cols[name], COLUMN_TYPES[name]) as ColumnSet[K]
  }

  /** The id of each appended row, in append order. */
  ids(): Float64Array {
    return this.gather((b) => b.ids, Float64Array)
  }

  /**
   * Appended indices in time order. Equal times keep append order (`append`), or follow the
   * store's order: source file, line, then id (`store`).
   */
  timeOrder(ties: 'append' | 'store'): Uint32Array {
    const n = this.n
    const ts = this.column('ts')
    const order = new Uint32Array(n)
    for (let i = 0; i < n; i++) order[i] = i
    if (ties === 'append') {
      let sorted = true
      for (let i = 1; i < n && sorted; i++) if (ts[i] < ts[i - 1]) sorted = false
      if (!sorted) order.sort((a, b) => ts[a] - ts[b] || a - b)
      return order
    }
    const rank = fileRanks(this.files)
    const file = this.gather((b) => b.file, Int32Array)
    const line = this.gather((b) => b.line, Float64Array)
    const ids = this.ids()
    order.sort((a, b) => ts[a] - ts[b] || rank[file[a]] - rank[file[b]] || line[a] - line[b] || ids[a] - ids[b])
    return order
  }

  /**
   * The columns permuted into `order`, with every string id renumbered by first appearance in
   * that order (what interning the events in time order would give: rules break ties by id).
   * Consumes the appended columns, one at a time (a 10-million-event scan would hold them twice);
   * `ids()`, `files` and the interners stay. Numbers and ids come as narrow as their values
   * allow (narrow.ts).
   */
  permute(order: Uint32Array): { cols: TableColumns; interners: ColumnInterners } {
    const n = order.length
    const cols = allocate(0)
    const blocks = this.blocks
    const numbers: Partial<Record<NumberColumnName, NumberColumn>> = {}
    for (const name of COLUMN_NAMES) {
      const dst = new COLUMN_TYPES[name](n)
      for (let r = 0; r < n; r++) {
        const o = order[r]
        dst[r] = blocks[o >>> BLOCK_BITS].cols[name][o & BLOCK_MASK]
      }
      ;(cols as Record<ColumnName, unknown>)[name] = dst
      if (isNumberColumn(name)) numbers[name] = narrowNumbers(dst as Float64Array)
      for (const b of blocks) (b.cols as Record<ColumnName, unknown>)[name] = new COLUMN_TYPES[name](0)
    }
    const interners = renumberAll(this.interners, cols)
    const ids = narrowIdColumns(cols, interners, this.voices.size, this.sessionNames.size)
    return { cols: { ...cols, ...(numbers as Record<NumberColumnName, NumberColumn>), ...ids }, interners }
  }

  /** Frees what is left of the appended rows (their ids, files and lines) once the table is built. */
  dropColumns(): void {
    this.blocks = []
    this.cap = 0
    this.n = 0
  }

  private grow(): void {
    const first = this.blocks[0]
    if (this.blocks.length === 1 && this.cap < BLOCK_ROWS) {
      const b = allocateBlock(Math.min(BLOCK_ROWS, this.cap * 2))
      for (const name of COLUMN_NAMES) b.cols[name].set(first.cols[name] as never)
      b.ids.set(first.ids)
      b.file.set(first.file)
      b.line.set(first.line)
      this.blocks[0] = b
    } else {
      this.seal(this.blocks[this.blocks.length - 1])
      this.blocks.push(allocateBlock(BLOCK_ROWS))
    }
    this.cap = this.blocks.length === 1 ? this.blocks[0].ids.length : this.blocks.length * BLOCK_ROWS
  }

  /**
   * Narrows a full block's numbers and ids (narrow.ts): a 10-million-event folder's blocks take
   * ~70 bytes an event instead of 118 while it is read. Its ids are below the interners' sizes now.
   */
  private seal(b: Block): void {
    const distinct = this.idCounts(this.interners)
    for (const name of NUMBER_COLUMNS) b.cols[name] = narrowNumbers(b.cols[name] as Float64Array)
    for (const name of ID_COLUMNS) b.cols[name] = narrowIds(b.cols[name] as Int32Array, distinct[name])
    b.ids = narrowNumbers(b.ids as Float64Array)
    b.line = narrowNumbers(b.line as Float64Array)
    b.file = narrowIds(b.file as Int32Array, this.files.size)
  }

  /** How many ids each id column can hold, from the interners its ids index. */
  private idCounts(it: ColumnInterners): Record<IdColumnName, number> {
    return idCountsOf(it, this.voices.size, this.sessionNames.size)
  }

  /** The first n values of one array of every block, in one array. */
  private gather<T extends Float64Array | Int32Array | Uint8Array>(pick: (b: Block) => NumberColumn | IdColumn | Uint8Array, type: new (n: number) => T): T {
    const out = new type(this.n)
    for (let k = 0; k * BLOCK_ROWS < this.n; k++) {
      const part = pick(this.blocks[k])
      out.set(part.subarray(0, Math.min(BLOCK_ROWS, this.n - k * BLOCK_ROWS)) as never, k * BLOCK_ROWS)
    }
    return out
  }
}

function isNumberColumn(name: ColumnName): name is NumberColumnName {
  return (NUMBER_COLUMNS as readonly ColumnName[]).includes(name)
}

function allocateBlock(rows: number): Block {
  return { cols: allocate(rows), ids: new Float64Array(rows), file: new Int32Array(rows), line: new Float64Array(rows) }
}

function allocate(n: number): ColumnSet {
  const out = {} as Record<ColumnName, unknown>
  for (const name of COLUMN_NAMES) out[name] = new COLUMN_TYPES[name](n)
  return out as ColumnSet
}

/**
 * Rows `rows` (ascending) of a time-ordered table's columns, as `permute` gives them for those
 * events alone: string ids renumbered by first appearance among them, numbers and ids as narrow as
 * their values allow (a host group's part of a scan's table). `voices` and `sessions`: how many
 * strings the voice and logind ids index (those interners are shared, not renumbered).
 */
export function selectRows(
  from: TableColumns,
  interners: ColumnInterners,
  voices: number,
  sessions: number,
  rows: Uint32Array,
): { cols: TableColumns; interners: ColumnInterners } {
  const cols = allocate(rows.length)
  for (const name of COLUMN_NAMES) {
    const src = from[name]
    const dst = cols[name]
    for (let r = 0; r < rows.length; r++) dst[r] = src[rows[r]]
  }
  const numbers = {} as Record<NumberColumnName, NumberColumn>
  for (const name of NUMBER_COLUMNS) numbers[name] = narrowNumbers(cols[name])
  const renumbered = renumberAll(interners, cols)
  return { cols: { ...cols, ...numbers, ...narrowIdColumns(cols, renumbered, voices, sessions) }, interners: renumbered }
}

/** The id columns of `cols` in the narrowest arrays that hold them (their interners' sizes bound them). */
function narrowIdColumns(cols: ColumnSet, interners: ColumnInterners, voices: number, sessions: number): Record<IdColumnName, IdColumn> {
  const distinct = idCountsOf(interners, voices, sessions)
  const ids = {} as Record<IdColumnName, IdColumn>
  for (const name of ID_COLUMNS) ids[name] = narrowIds(cols[name], distinct[name])
  return ids
}

/** How many ids each id column can hold: the interners' sizes (`voices`, `sessions`: the shared ones'). */
function idCountsOf(it: ColumnInterners, voices: number, sessions: number): Record<IdColumnName, number> {
  return {
    host: it.hosts.size,
    user: it.users.size,
    target: it.users.size,
    ip: it.ips.size,
    country: it.countries.size,
    command: it.commands.size,
    program: it.programs.size,
    voice: voices,
    logind: sessions,
  }
}

/** Fresh interners for `cols`, whose string ids (rewritten in place) index `src` until then. */
function renumberAll(src: ColumnInterners, cols: ColumnSet): ColumnInterners {
  const interners = newInterners()
  renumber(src.hosts, interners.hosts, [cols.host])
  renumber(src.users, interners.users, [cols.user, cols.target])
  renumber(src.ips, interners.ips, [cols.ip])
  renumber(src.countries, interners.countries, [cols.country])
  renumber(src.commands, interners.commands, [cols.command])
  renumber(src.programs, interners.programs, [cols.program])
  return interners
}

function newInterners(): ColumnInterners {
  return { hosts: new Interner(), users: new Interner(), ips: new Interner(), countries: new Interner(), commands: new Interner(), programs: new Interner() }
}

/**
 * Re-interns `from`'s strings into `to` in the order the columns (row by row, columns in the
 * given order) first name them, rewriting the ids in place.
 */
function renumber(from: Interner, to: Interner, columns: Int32Array[]): void {
  const map = new Int32Array(from.size).fill(-1)
  const n = columns[0].length
  for (let r = 0; r < n; r++) {
    for (const col of columns) {
      const id = col[r]
      if (id < 0) continue
      let m = map[id]
      if (m < 0) map[id] = m = to.intern(from.values[id])
      col[r] = m
    }
  }
}

/** Rank of each interned file name in string order. */
function fileRanks(files: Interner): Int32Array {
  const byName = files.values.map((_, i) => i).sort((a, b) => (files.values[a] < files.values[b] ? -1 : files.values[a] > files.values[b] ? 1 : 0))
  const rank = new Int32Array(files.size)
  byName.forEach((id, r) => (rank[id] = r))
  return rank
}

function isScheduler(p: string): boolean {
  return p === 'cron' || p === 'crond' || p === 'anacron' || p === 'atd'
}

// "Failed password for invalid user admin from ..." is an auth_failure for a name that does not exist.
function isInvalidUserLine(raw: string): boolean {
  return raw.includes('invalid user') || raw.includes('Invalid user')
}
