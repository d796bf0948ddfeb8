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

const INDEX = new Map<string, { category: FieldCategory; rank: number }[]>()
for (const category of Object.keys(ALIASES) as FieldCategory[]) {
  ALIASES[category].forEach((alias, rank) => {
    const list = INDEX.get(alias) ?? []
    list.push({ category, rank })
    INDEX.set(alias, list)
  })
}

interface KeyInfo {
  /** Lower-cased dotted path of this key under its parent's path. */
  path: string
  hits: { category: FieldCategory; rank: number }[] | undefined
}

/**
 * (parent path, key) → path and alias hits. Records of one log repeat the same keys, so after the
 * first record a key costs two Map lookups and no string building.
 */
const keyCache = new Map<string, Map<string, KeyInfo>>()
let cachedKeys = 0

function keyInfo(prefix: string, key: string): KeyInfo {
  let byKey = keyCache.get(prefix)
  if (byKey === undefined) {
    byKey = new Map()
    keyCache.set(prefix, byKey)
  }
  let info = byKey.get(key)
  if (info === undefined) {
    const lower = key.toLowerCase()
    const path = prefix.length === 0 ? lower : `${prefix}.${lower}`
    info = { path, hits: INDEX.get(path) }
    // Bounded: a log with random keys must not grow the cache without end.
    if (++cachedKeys > 50_000) {
      keyCache.clear()
      cachedKeys = 0
    } else {
      byKey.set(key, info)
    }
  }
  return info
}

const MAX_DEPTH = 4
const MAX_KEYS = 500

interface Candidate {
  rank: number
  value: unknown
}

export class RecordFields {
  private readonly best = new Map<FieldCategory, Candidate[]>()
  private keys = 0

  constructor(readonly record: JsonRecord) {
    this.walk(record, '', 0)
  }

  /** The value of the best alias present for `category`, or undefined. */
  get(category: FieldCategory): unknown {
    const c = this.best.get(category)
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
    const c = this.best.get(category)
    return c === undefined ? [] : c.map((x) => x.value)
  }

  /** How many values `category` has (see `nth`). */
  count(category: FieldCategory): number {
    const c = this.best.get(category)
    return c === undefined ? 0 : c.length
  }

  /** The alias (lower-cased dotted path) the `i`-th value of `category` came from. */
  nthAlias(category: FieldCategory, i: number): string | undefined {
    const c = this.best.get(category)?.[i]
    return c === undefined ? undefined : ALIASES[category][c.rank]
  }

  /** The `i`-th value of `category`, best alias first (no array built: the per-record hot path). */
  nth(category: FieldCategory, i: number): unknown {
    return this.best.get(category)?.[i]?.value
  }

  private walk(obj: JsonRecord, prefix: string, depth: number): void {
    for (const key in obj) {
      if (++this.keys > MAX_KEYS) return
      const value = obj[key]
      if (value === null || value === undefined || value === '') continue
      const info = keyInfo(prefix, key)
      const hits = info.hits
      if (hits !== undefined) {
        const scalar = typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
        for (let i = 0; i < hits.length; i++) {
          const { category, rank } = hits[i]
          let v: unknown = value
          if (!scalar && SCALAR.has(category)) {
            v = Array.isArray(value) && KEYWORD_LISTS.has(category) ? keywords(value) : undefined
            if (v === undefined) continue
          }
          const list = this.best.get(category)
          if (list === undefined) this.best.set(category, [{ rank, value: v }])
          else {
            list.push({ rank, value: v })
            list.sort((a, b) => a.rank - b.rank)
          }
        }
      }
      if (depth < MAX_DEPTH && isRecord(value)) this.walk(value, info.path, depth + 1)
    }
  }
}
