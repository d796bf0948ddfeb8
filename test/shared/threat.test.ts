import { describe, expect, it } from 'vitest'
import { RULES } from '../../src/engine/detect/rules'
import { ATTACK_KINDS } from '../../src/engine/generate/attackKinds'
import { ATTACK_THREATS, THREAT_TYPES, attackOfThreat, isThreatType, threatTypeOf } from '../../src/shared/threat'

describe('threat types: one closed list', () => {
  it('names every rule by the attack it reports, and the generator injects exactly those', () => {
    // login_under_attack reports a suspicious login, not an attack: the one rule not named by one.
    expect(Object.keys(RULES).filter((name) => name !== 'login_under_attack').sort()).toEqual([...ATTACK_THREATS].sort())
    expect(ATTACK_KINDS).toBe(ATTACK_THREATS)
  })
  it('has a slot for model-only anomalies, Sigma findings, unusual logins and non-findings', () => {
    for (const t of ['anomaly', 'sigma', 'suspicious_login', 'none']) expect(THREAT_TYPES).toContain(t)
    expect(new Set(THREAT_TYPES).size).toBe(THREAT_TYPES.length)
  })
  it('maps a threat to the attack it claims; the others claim none, and no synonym is accepted', () => {
    expect(attackOfThreat('data_exfiltration')).toBe('data_exfiltration')
    expect(attackOfThreat('anomaly')).toBeNull()
    expect(attackOfThreat('sigma')).toBeNull()
    expect(attackOfThreat('suspicious_login')).toBeNull()
    expect(isThreatType('bulk_transfer')).toBe(false)
    expect(isThreatType('exfiltration')).toBe(false)
  })
  it('reads a stored name it does not know as an anomaly, and no name as none', () => {
    expect(threatTypeOf('brute_force')).toBe('brute_force')
    expect(threatTypeOf('future_kind')).toBe('anomaly')
    expect(threatTypeOf(null)).toBe('none')
  })
})
