import type { Outcome } from '../../../shared/event'

const SUCCESS = /^(?:success|succeeded|successful|ok|okay|allow|allowed|accept|accepted|pass|passed|permit|permitted|true|yes|y|granted|authenticated|authorized|valid|complete|completed)$/
const FAILURE = /^(?:fail|failed|failure|error|err|deny|denied|reject|rejected|block|blocked|drop|dropped|false|no|n|invalid|unauthorized|unauthorised|forbidden|refused|locked|expired|bad|wrong|incorrect|timeout)$/

/** A field value as an outcome, or null when it does not say (e.g. `action: "login"`). */
export function toOutcome(value: unknown): Outcome | null {
  if (typeof value === 'boolean') return value ? 'success' : 'failure'
  if (typeof value === 'number') {
    if (value >= 100 && value < 600) return value < 400 ? 'success' : 'failure'
    return value === 1 ? 'success' : value === 0 ? 'failure' : null
  }
  if (typeof value !== 'string') return null
  const hit = cache.get(value)
  if (hit !== undefined) return hit
  const outcome = outcomeOfString(value)
  if (cache.size >= 10_000) cache.clear()
  cache.set(value, outcome)
  return outcome
}

const cache = new Map<string, Outcome | null>()

function outcomeOfString(value: string): Outcome | null {
  const v = value.trim().toLowerCase()
  if (v.length === 0) return null
  if (/^\d{3}$/.test(v)) {
    const code = Number(v)
    if (code >= 100 && code < 600) return code < 400 ? 'success' : 'failure'
  }
  if (SUCCESS.test(v)) return 'success'
  if (FAILURE.test(v)) return 'failure'
  if (/\b(?:fail|failed|failure|denied|invalid|refused|rejected|blocked)\b/.test(v)) return 'failure'
  if (/\b(?:success|succeeded|accepted|allowed|granted)\b/.test(v)) return 'success'
  return null
}
