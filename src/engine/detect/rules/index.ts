/** Every threat rule, run in order into one HitSink. */
import { bruteForce } from './bruteForce'
import { bulkTransfer } from './bulkTransfer'
import { credentialCompromise } from './credentialCompromise'
import { impossibleTravel } from './impossibleTravel'
import { lateralMovement } from './lateralMovement'
import { loginUnderAttack } from './loginUnderAttack'
import { logTampering } from './logTampering'
import { passwordSpraying } from './passwordSpraying'
import { persistence } from './persistence'
import { privilegedLogin } from './privilegedLogin'
import { privilegeEscalation } from './privilegeEscalation'
import { userEnumeration } from './userEnumeration'
import { HitSink, type Rule, type RuleContext } from './types'

export const RULES: Readonly<Record<string, Rule>> = {
  brute_force: bruteForce,
  password_spraying: passwordSpraying,
  user_enumeration: userEnumeration,
  credential_compromise: credentialCompromise,
  // After credential_compromise: it takes only the logins that rule leaves.
  login_under_attack: loginUnderAttack,
  privileged_login: privilegedLogin,
  privilege_escalation: privilegeEscalation,
  persistence,
  lateral_movement: lateralMovement,
  impossible_travel: impossibleTravel,
  data_exfiltration: bulkTransfer,
  log_tampering: logTampering,
}

/** Runs every rule over the context. */
export function runRules(ctx: RuleContext): HitSink {
  const sink = new HitSink(ctx.t.n)
  for (const rule of Object.values(RULES)) rule(ctx, sink)
  return sink
}

export { HitSink } from './types'
export type { RuleHit, RuleContext } from './types'
export { DEFAULT_RULE_THRESHOLDS, type RuleThresholds } from './thresholds'
