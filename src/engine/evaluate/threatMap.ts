/**
 * Which attack kind (labels.csv's `attack`) a detector's `threat_type` claims. The detectors use
 * the same names; the synonyms cover names a rule might reasonably use instead. Anything else
 * (`anomaly`, `suspicious_login`, `none`) claims no kind.
 */
import { ATTACK_KINDS, type AttackKind } from '../generate/attackKinds'

const KINDS: ReadonlySet<string> = new Set(ATTACK_KINDS)

const SYNONYMS: Readonly<Record<string, AttackKind>> = {
  spraying: 'password_spraying',
  enumeration: 'user_enumeration',
  invalid_users: 'user_enumeration',
  success_after_failures: 'credential_compromise',
  compromise: 'credential_compromise',
  off_hours_login: 'privileged_login',
  off_hours_privileged_login: 'privileged_login',
  sudo_denial: 'privilege_escalation',
  new_account: 'persistence',
  account_change: 'persistence',
  group_change: 'persistence',
  bulk_transfer: 'data_exfiltration',
  exfiltration: 'data_exfiltration',
  travel: 'impossible_travel',
}

export function attackOfThreat(threat: string): AttackKind | null {
  if (KINDS.has(threat)) return threat as AttackKind
  return SYNONYMS[threat] ?? null
}
