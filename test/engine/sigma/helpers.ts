/** Events and rule sets for the Sigma tests. */
import { emptyEvent, type NormalizedEvent } from '../../../src/shared/event'
import { parseRuleText } from '../../../src/engine/sigma/loadRules'
import { buildSigmaSet, type SigmaSet } from '../../../src/engine/sigma/SigmaSet'
import type { SigmaFieldMap } from '../../../src/engine/sigma/fieldMap'

let line = 0
export function ev(raw: string, fields: Partial<NormalizedEvent> = {}): NormalizedEvent {
  return { ...emptyEvent({ ts: 1_780_000_000_000, host: 'web-01', source_file: 'auth.log', source_line: ++line, raw }), ...fields }
}

/** A set from rule text (every document must load). */
export function setOf(text: string, fieldMap?: SigmaFieldMap): SigmaSet {
  const { rules, entries } = parseRuleText(text, '/rules/test.yml')
  const skipped = entries.filter((e) => e.status === 'skipped')
  if (skipped.length > 0) throw new Error(`rules skipped: ${JSON.stringify(skipped)}`)
  return buildSigmaSet(rules, fieldMap)
}
