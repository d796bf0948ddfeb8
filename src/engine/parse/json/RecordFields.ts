/**
 * One pass over a JSON record's keys (nested objects walked with dotted, lower-cased paths) that
 * picks, for every field category of `ALIASES`, the value of the highest-priority alias present.
 * `{"user": {"name": ...}}`, `{"user.name": ...}` and `{"UserName": ...}` all land in `user`.
 * Cost is one Map lookup per key of the record, whatever the number of aliases.
 */
import { ALIASES } from './aliases'

export type JsonRecord = Record<string, unknown>
export type FieldCategory = keyof typeof ALIASES

export function isRecord(value: unknown): value is JsonRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** Categories whose values must be scalars (a string or number); the others take objects too. */
const SCALAR: ReadonlySet<FieldCategory> = new Set(['ts', 'srcIp', 'srcPort', 'type', 'typeCategory', 'typeDetail', 'message', 'program', 'pid', 'authMethod', 'keyType', 'keyFingerprint', 'bytes', 'country', 'lat', 'lon', 'action'] as FieldCategory[])

/** Categories that ECS writes as arrays of keywords (`"category": ["iam"], "type": ["user", "creation"]`): read joined. */
const KEYWORD_LISTS: ReadonlySet<FieldCategory> = new Set(['type', 'typeCategory', 'typeDetail'] as FieldCategory[])

function keywords(value: unknown[]): string | undefined {
  if (value.length === 0 || value.length > 16) return undefined
  for (const v of value) if (typeof v !== 'string') return undefined
  return value.join(' ')
}

/** Every category, by a small number: a record's values are kept in an array, not a Map. */
const CATEGORIES = Object.keys(ALIASES) as FieldCategory[]
const ORDINALS = new Map(CATEGORIES.map((c, i) => [c, i]))

/** A Map, not an object: one lookup site sees every category name (an object's would go megamorphic). */
function ordinal(category: FieldCategory): number {
  return ORDINALS.get(category) as number
}

/** An alias a key's path is: which category, at which rank, and how a value of it is read. */
interface AliasHit {
  category: number
  rank: number
  /** The category takes scalars only (a string or number). */
  scalar: boolean
  /** ...or an ECS keyword array, read joined. */
  keywordList: boolean
}

const INDEX = new Map<string, AliasHit[]>()
for (const category of CATEGORIES) {
  ALIASES[category].forEach((alias, rank) => {
    const list = INDEX.get(alias) ?? []
    list.push({ category: ordinal(category), rank, scalar: SCALAR.has(category), keywordList: KEYWORD_LISTS.has(category) })
    INDEX.set(alias, list)
  })
}

/**
 * One key under one parent path: its lower-cased dotted path, the aliases that path is, and the
 * keys met under it. Records of one log repeat the same keys, so after the first record a key
 * costs one Map lookup and no string building.
 */
class KeyNode {
  readonly children = new Map<string, KeyNode>()

  constructor(
    readonly path: string,
    readonly hits: AliasHit[] | undefined,
  ) {}
}

const ROOT = new KeyNode('', undefined)
let cachedKeys = 0

function childOf(parent: KeyNode, key: string): KeyNode {
  let node = parent.children.get(key)
  if (node === undefined) {
    const lower = key.toLowerCase()
    const path = parent.path.length === 0 ? lower : `${parent.path}.${lower}`
    node = new KeyNode(path, INDEX.get(path))
    // Bounded: a log with random keys must not grow the cache without end.
    if (++cachedKeys > 50_000) {
      ROOT.children.clear()
      cachedKeys = 0
    } else {
      parent.children.set(key, node)
    }
  }
  return node
}

const MAX_DEPTH = 4
const MAX_KEYS = 500

interface Candidate {
  rank: number
  value: unknown
}

export class RecordFields {
  /** Per category (by ordinal), the values present, best alias (lowest rank) first. */
  private readonly best: (Candidate[] | undefined)[] = new Array<Candidate[] | undefined>(CATEGORIES.length)
  private keys = 0

  constructor(readonly record: JsonRecord) {
    this.walk(record, ROOT, 0)
  }

  /** The value of the best alias present for `category`, or undefined. */
  get(category: FieldCategory): unknown {
    const c = this.best[ordinal(category)]
    return c === undefined ? undefined : c[0].value
  }

  /** `get` as a string (numbers converted), or undefined. */
  getString(category: FieldCategory): string | undefined {
    const v = this.get(category)
    if (typeof v === 'string') return v
    if (typeof v === 'number' && Number.isFinite(v)) return String(v)
    return undefined
  }

  /** Every value present for `category`, best alias first. */
  all(category: FieldCategory): readonly unknown[] {
    const c = this.best[ordinal(category)]
    return c === undefined ? [] : c.map((x) => x.value)
  }

  /** How many values `category` has (see `nth`). */
  count(category: FieldCategory): number {
    const c = this.best[ordinal(category)]
    return c === undefined ? 0 : c.length
  }

  /** The alias (lower-cased dotted path) the `i`-th value of `category` came from. */
  nthAlias(category: FieldCategory, i: number): string | undefined {
    const c = this.best[ordinal(category)]?.[i]
    return c === undefined ? undefined : ALIASES[category][c.rank]
  }

  /** The `i`-th value of `category`, best alias first (no array built: the per-record hot path). */
  nth(category: FieldCategory, i: number): unknown {
    return this.best[ordinal(category)]?.[i]?.value
  }

  private walk(obj: JsonRecord, parent: KeyNode, depth: number): void {
    for (const key in obj) {
      if (++this.keys > MAX_KEYS) return
      const value = obj[key]
      if (value === null || value === undefined || value === '') continue
      const node = childOf(parent, key)
      const hits = node.hits
      if (hits !== undefined) {
        const scalar = typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
        for (let i = 0; i < hits.length; i++) {
          const hit = hits[i]
          let v: unknown = value
          if (!scalar && hit.scalar) {
            v = hit.keywordList && Array.isArray(value) ? keywords(value) : undefined
            if (v === undefined) continue
          }
          this.add(hit.category, hit.rank, v)
        }
      }
      if (depth < MAX_DEPTH && isRecord(value)) this.walk(value, node, depth + 1)
    }
  }

  /** Files `value` under its category in rank order (a stable insert: equal ranks keep key order). */
  private add(category: number, rank: number, value: unknown): void {
    const list = this.best[category]
    if (list === undefined) {
      this.best[category] = [{ rank, value }]
      return
    }
    let at = list.length
    while (at > 0 && list[at - 1].rank > rank) at--
    list.splice(at, 0, { rank, value })
  }
}
