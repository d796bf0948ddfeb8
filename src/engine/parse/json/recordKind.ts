/**
 * A record's event kind from its type fields. Three passes, most trustworthy first:
 * 1. a type field that is a kind's own name (`"event_type": "api_call"`, ECS `"event.type":
 *    "api_call"`, a Windows event id): the writer said what it is;
 * 2. the specific fields (`event.action`, `eventName`, `event_type`, `type`, ...) in alias order,
 *    each through the free-form rules of eventType.ts — the first that fits wins;
 * 3. the domain: ECS `event.category` read with `event.type` (`authentication start`, `iam user
 *    creation`, `session end`), then the category alone, then `event.type` alone.
 * A top-level `action` that is not an outcome word (`allow`, `deny`) counts as a specific field,
 * after the others. Nothing here guesses a login from an outcome: a typed record whose type fits
 * nothing stays unclassified (the caller then tries its message, else it is 'other').
 */
import type { EventKind, Outcome } from '../../../shared/event'
import { classifyType, outcomeFromType } from './eventType'
import { toOutcome } from './outcome'
import type { RecordFields } from './RecordFields'

/** A field value as type text: a non-blank string, or a number written out. */
function asText(v: unknown): string | undefined {
  if (typeof v === 'string') return v.trim().length > 0 ? v : undefined
  if (typeof v === 'number' && Number.isFinite(v)) return String(v)
  return undefined
}

/** The top-level `action` when it names what happened rather than an outcome. */
function actionType(view: RecordFields): string | undefined {
  const action = asText(view.get('action'))
  return action !== undefined && toOutcome(action) === null ? action : undefined
}

/**
 * The `i`-th specific type text: the `type` aliases (`n` of them), then the top-level action;
 * null for a value that is not text, undefined past the end.
 */
function specificAt(view: RecordFields, i: number, n: number, action: string | undefined): string | undefined | null {
  if (i < n) return asText(view.nth('type', i)) ?? null
  return i === n ? action : undefined
}

/** `category type` texts, built once per pair (every record of an ECS log repeats a few pairs). */
const domainTexts = new Map<string, Map<string, string>>()
let domainCount = 0

function domainText(category: string, detail: string): string {
  let byDetail = domainTexts.get(category)
  if (byDetail === undefined) {
    if (++domainCount > 1000) {
      domainTexts.clear()
      domainCount = 0
    }
    byDetail = new Map()
    domainTexts.set(category, byDetail)
  }
  let text = byDetail.get(detail)
  if (text === undefined) {
    text = `${category} ${detail}`
    if (byDetail.size < 1000) byDetail.set(detail, text)
  }
  return text
}

/** True when the record has any type field at all. */
export function isTyped(view: RecordFields): boolean {
  for (const category of ['type', 'typeCategory', 'typeDetail'] as const) {
    for (let i = 0; i < view.count(category); i++) if (asText(view.nth(category, i)) !== undefined) return true
  }
  return actionType(view) !== undefined
}

/** The outcome the type texts themselves imply (`login_failed` → failure), or null. */
export function outcomeFromTypes(view: RecordFields): Outcome | null {
  const n = view.count('type')
  const action = actionType(view)
  for (let i = 0; ; i++) {
    const t = specificAt(view, i, n, action)
    if (t === undefined) break
    if (t === null) continue
    const o = outcomeFromType(t)
    if (o !== null) return o
  }
  const detail = asText(view.get('typeDetail'))
  return detail !== undefined ? outcomeFromType(detail) : null
}

/** The record's kind (see the file comment), or null when no type field fits any rule. */
export function recordKind(view: RecordFields, outcome: Outcome): EventKind | null {
  const n = view.count('type')
  const action = actionType(view)
  const detail = asText(view.get('typeDetail'))
  // 1 and 2 in one walk: a kind named outright anywhere wins, else the first rule that fits.
  let fits: EventKind | null = null
  for (let i = 0; ; i++) {
    const t = specificAt(view, i, n, action)
    if (t === undefined) break
    if (t === null) continue
    const c = classifyType(t, outcome)
    if (c.named) return c.kind
    if (fits === null) fits = c.kind
  }
  if (detail !== undefined) {
    const c = classifyType(detail, outcome)
    if (c.named) return c.kind
  }
  if (fits !== null) return fits
  // 3. The domain.
  const categories = view.count('typeCategory')
  const first = categories > 0 ? asText(view.nth('typeCategory', 0)) : undefined
  if (first !== undefined && detail !== undefined) {
    const kind = classifyType(domainText(first, detail), outcome).kind
    if (kind !== null) return kind
  }
  for (let i = 0; i < categories; i++) {
    const t = asText(view.nth('typeCategory', i))
    if (t === undefined) continue
    const kind = classifyType(t, outcome).kind
    if (kind !== null) return kind
  }
  return detail !== undefined ? classifyType(detail, outcome).kind : null
}
