/**
 * Every threat type a finding can carry: one closed list that types the rules, the ensemble,
 * incidents, the evaluation and the UI. A new detector adds its name here first.
 */

/** The attacks the threat rules name (and the generator injects and labels, `labels.csv`'s `attack`). */
export const ATTACK_THREATS = [
  'brute_force',
  'password_spraying',
  'user_enumeration',
  'credential_compromise',
  'privileged_login',
  'privilege_escalation',
  'persistence',
  'lateral_movement',
  'impossible_travel',
  'data_exfiltration',
  'log_tampering',
] as const
export type AttackThreat = (typeof ATTACK_THREATS)[number]

export const THREAT_TYPES = [
  ...ATTACK_THREATS,
  /** A login that is unusual for its account (new address, off its hours) but not privileged. */
  'suspicious_login',
  /** A Sigma rule matched; the rule's title is the reason. */
  'sigma',
  /** Only the models speak: unusual, not a named attack. */
  'anomaly',
  /** Below LOW: not a finding. */
  'none',
] as const
export type ThreatType = (typeof THREAT_TYPES)[number]

const ATTACKS: ReadonlySet<string> = new Set(ATTACK_THREATS)
const THREATS: ReadonlySet<string> = new Set(THREAT_TYPES)

export function isThreatType(s: string): s is ThreatType {
  return THREATS.has(s)
}

/** The attack a threat type claims, or null (`anomaly`, `suspicious_login`, `sigma`, `none`). */
export function attackOfThreat(threat: ThreatType): AttackThreat | null {
  return ATTACKS.has(threat) ? (threat as AttackThreat) : null
}

/** A stored threat type read back; a name this version does not know (a newer store) reads as `anomaly`. */
export function threatTypeOf(s: string | null): ThreatType {
  if (s === null) return 'none'
  return isThreatType(s) ? s : 'anomaly'
}
