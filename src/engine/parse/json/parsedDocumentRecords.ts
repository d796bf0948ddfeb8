/**
 * The records of a JSON document parsed whole with one `JSON.parse` (the fast path for a document
 * small enough to hold, see `JsonDocumentSink`): the same records, in the same order, as
 * `DocumentRecords` finds streaming through the same text, by the same rules (top-level array,
 * the wrapper arrays of a top-level object, `hits.hits` with `_source`, loose wrappers held until
 * judged, a lone object as one record). V8's parser reads hundreds of MB/s; the token stream a
 * tenth of that, so the streaming reader is kept for documents too big to hold.
 */
import { LOOSE_HOLD, LOOSE_KEYS, LOOSE_MAX_KEYS, restoreHeld, STRICT_KEYS, wrapsEmptyArray } from './DocumentRecords'
import { isRecord, type JsonRecord } from './RecordFields'

export function parsedDocumentRecords(value: unknown, emit: (record: unknown) => void): void {
  if (Array.isArray(value)) {
    for (const r of value) emit(r)
  } else if (isRecord(value)) {
    objectRecords(value, emit)
  } else {
    emit(value)
  }
}

/**
 * A top-level object: its record arrays are emptied in place as their records go out, so what is
 * left is what the streaming reader assembles beside the records (the value is ours alone, fresh
 * from `JSON.parse`).
 */
function objectRecords(root: JsonRecord, emit: (record: unknown) => void): void {
  let emitted = false
  /** Records of a loose wrapper (and any after it), held until the object shows it is one. */
  let held: unknown[] | null = null
  const record = (r: unknown): void => {
    if (held === null) {
      emitted = true
      emit(r)
      return
    }
    held.push(r)
    if (held.length > LOOSE_HOLD) {
      // A loose wrapper holding this many objects is a log: its records go out from then on.
      const out = held
      held = null
      for (const h of out) record(h)
    }
  }
  for (const key of Object.keys(root)) {
    const v = root[key]
    if (Array.isArray(v) && (STRICT_KEYS.has(key) || LOOSE_KEYS.has(key))) {
      if (LOOSE_KEYS.has(key) && !emitted) held ??= []
      for (const r of v) record(r)
      root[key] = []
    } else if (key === 'hits' && isRecord(v) && Array.isArray(v.hits)) {
      for (const h of v.hits) record(isRecord(h) && isRecord(h._source) ? h._source : h)
      v.hits = []
    }
  }
  if (held !== null) {
    const wrapper = Object.keys(root).length <= LOOSE_MAX_KEYS && held.length > 0 && held.every(isRecord)
    if (!wrapper) {
      // Not a wrapper after all: the arrays are the record's own fields.
      restoreHeld(root, held)
      emit(root)
      return
    }
    for (const r of held) emit(r)
    return
  }
  if (!emitted && !wrapsEmptyArray(root)) emit(root)
}
