/**
 * Field agreement with Elastic's pipeline test documents (test/fixtures/elastic/README.md), per
 * document and field: the account (Elastic's `user.name`, trimmed, is Vigil's `user` or, for an
 * account acted on — useradd, passwd — its `target_user`; where Elastic names none, Vigil must not
 * put a numeric uid there), the source address (equal, absent included) and the outcome (where
 * Elastic gives one).
 */
import type { NormalizedEvent } from '../../../src/shared/event'

export interface Expected {
  message: string
  'user.name'?: string
  'source.ip'?: string
  'event.outcome'?: string
}

export function agreement(events: readonly NormalizedEvent[], expected: readonly Expected[]): { agree: number; total: number; misses: string[] } {
  let agree = 0
  let total = 0
  const misses: string[] = []
  const check = (ok: boolean, what: string) => {
    total++
    if (ok) agree++
    else misses.push(what)
  }
  expected.forEach((x, i) => {
    const e = events[i]
    const name = x['user.name']?.trim()
    if (name) check(e.user === name || e.target_user === name, `user ${name} ≠ ${e.user}/${e.target_user}: ${x.message}`)
    else check(e.user === null || !/^\d+$/.test(e.user), `a uid as the user (${e.user}): ${x.message}`)
    check((x['source.ip'] ?? null) === e.src_ip, `source ${x['source.ip']} ≠ ${e.src_ip}: ${x.message}`)
    if (x['event.outcome'] !== undefined) check(x['event.outcome'] === e.outcome, `outcome ${x['event.outcome']} ≠ ${e.outcome}: ${x.message}`)
  })
  return { agree, total, misses }
}
