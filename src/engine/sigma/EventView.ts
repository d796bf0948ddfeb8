/**
 * One event as the compiled rules see it: its fields by Sigma name (through the field map, then
 * the raw JSON record), its raw line lowercased once, its JSON parsed at most once. One instance
 * is reused for every event of a pass (`reset`), so matching allocates nothing per event beyond
 * what a rule actually reads.
 */
import type { NormalizedEvent } from '../../shared/event'
import type { MappableField } from './fieldMap'

/** A field value as read: a scalar, a list (JSON arrays), or absent (undefined / null). */
export type FieldValue = string | number | boolean | null | undefined | readonly unknown[] | object

export class EventView {
  private ev!: NormalizedEvent
  private lowerRaw: string | null = null
  private json: Record<string, unknown> | null | undefined = undefined

  constructor(private readonly fieldMap: ReadonlyMap<string, MappableField>) {}

  reset(ev: NormalizedEvent): this {
    this.ev = ev
    this.lowerRaw = null
    this.json = undefined
    return this
  }

  get event(): NormalizedEvent {
    return this.ev
  }

  get raw(): string {
    return this.ev.raw
  }

  /** The raw line lowercased (keyword search). */
  get rawLower(): string {
    if (this.lowerRaw === null) this.lowerRaw = this.ev.raw.toLowerCase()
    return this.lowerRaw
  }

  get isJson(): boolean {
    return this.record() !== null
  }

  /**
   * A field by its Sigma name: the mapped normalized field and the raw record's own value of that
   * name (a list of both when they differ: `Image: /usr/bin/curl` in the record, `curl` as the
   * program), so a rule written for either shape matches.
   */
  field(name: string): FieldValue {
    const mapped = this.fieldMap.get(name.toLowerCase())
    const rec = this.record()
    const own = rec === null ? undefined : jsonPath(rec, name)
    if (mapped === undefined) return own
    const v = this.ev[mapped]
    if (v === null || v === undefined || v === '') return own
    return own === undefined || own === null || own === v ? v : [v, own]
  }

  /** The raw record as a JSON object, or null when the line is not one. */
  record(): Record<string, unknown> | null {
    if (this.json !== undefined) return this.json
    this.json = null
    const raw = this.ev.raw
    let i = 0
    while (i < raw.length && (raw[i] === ' ' || raw[i] === '\t')) i++
    if (raw[i] !== '{') return null
    try {
      const parsed: unknown = JSON.parse(raw)
      if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) this.json = parsed as Record<string, unknown>
    } catch {
      // A truncated or broken record: no fields beyond the normalized ones.
    }
    return this.json
  }
}

/**
 * `a.b.c` in a record: the literal key first (ECS exports often flatten `user.name`), then the
 * nested path, then a case-insensitive top-level key (Sigma field names are case-insensitive in
 * most back ends).
 */
export function jsonPath(rec: Record<string, unknown>, name: string): FieldValue {
  if (Object.hasOwn(rec, name)) return rec[name] as FieldValue
  if (name.includes('.')) {
    let cur: unknown = rec
    for (const part of name.split('.')) {
      if (cur === null || typeof cur !== 'object' || Array.isArray(cur) || !Object.hasOwn(cur, part)) {
        cur = undefined
        break
      }
      cur = (cur as Record<string, unknown>)[part]
    }
    if (cur !== undefined) return cur as FieldValue
  }
  const lower = name.toLowerCase()
  for (const k of Object.keys(rec)) if (k.toLowerCase() === lower) return rec[k] as FieldValue
  return undefined
}
