/**
 * Records inside a JSON document: a top-level array, `{"Records": [...]}` (CloudTrail),
 * `{"events": [...]}`, `{"hits": {"hits": [{"_source": ...}]}}` (Elasticsearch), and a few common
 * wrapper names when the top object holds little else. Null when the value is a single record.
 */
import { isRecord } from './RecordFields'

const STRICT_KEYS = ['Records', 'records', 'events', 'Events']
const LOOSE_KEYS = ['logs', 'entries', 'items', 'data', 'results', 'value']

export function unwrapRecords(value: unknown): unknown[] | null {
  if (Array.isArray(value)) return value
  if (!isRecord(value)) return null
  for (const key of STRICT_KEYS) {
    const v = value[key]
    if (Array.isArray(v)) return v
  }
  const hits = value.hits
  if (isRecord(hits) && Array.isArray(hits.hits)) {
    return hits.hits.map((h) => (isRecord(h) && isRecord(h._source) ? h._source : h))
  }
  if (hasAtMostKeys(value, 5)) {
    for (const key of LOOSE_KEYS) {
      const v = value[key]
      if (Array.isArray(v) && v.length > 0 && v.every(isRecord)) return v
    }
  }
  return null
}

/** `Object.keys(value).length <= max` without building the array (once per JSON line). */
function hasAtMostKeys(value: object, max: number): boolean {
  let n = 0
  for (const key in value) if (Object.hasOwn(value, key) && ++n > max) return false
  return true
}
