/**
 * Free-form event/type strings (`login_failed`, `ConsoleLogin`, `file.read`, `4625`, ...) mapped to
 * the closed set of event kinds. Ordered rules over a normalised form: camelCase split, lower case,
 * punctuation to spaces. `null` when nothing fits (the caller then looks at the message).
 */
import { EVENT_KINDS, type EventKind, type Outcome } from '../../../shared/event'

/** Windows Security event ids exported as JSON/CSV. */
const WINDOWS_IDS: Readonly<Record<string, EventKind>> = {
  '4624': 'auth_success',
  '4625': 'auth_failure',
  '4634': 'session_close',
  '4647': 'session_close',
  '4648': 'auth_success',
  '4720': 'user_add',
  '4726': 'user_delete',
  '4722': 'user_modify',
  '4725': 'user_modify',
  '4738': 'user_modify',
  '4740': 'max_auth_exceeded',
  '4723': 'password_change',
  '4724': 'password_change',
  '4727': 'group_add',
  '4731': 'group_add',
  '4754': 'group_add',
  '4730': 'group_delete',
  '4734': 'group_delete',
  '4758': 'group_delete',
  '4728': 'group_modify',
  '4729': 'group_modify',
  '4732': 'group_modify',
  '4733': 'group_modify',
  '4756': 'group_modify',
  '4757': 'group_modify',
  '1102': 'log_tamper',
  '104': 'log_tamper',
}

export function normaliseType(text: string): string {
  return ` ${text
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()} `
}

/** A type text that is a kind's own name (`api_call`, `FileAccess`), normalised → the kind. */
const KIND_NAMES: ReadonlyMap<string, EventKind> = new Map(EVENT_KINDS.filter((k) => k !== 'other').map((k) => [` ${k.replace(/_/g, ' ')} `, k]))

/** Kinds whose failed form is another kind. */
const FAILED_FORM: Partial<Record<EventKind, EventKind>> = { auth_success: 'auth_failure', sudo: 'sudo_denied', su: 'su_failure' }

type Rule = readonly [RegExp, EventKind, EventKind?]

/** [pattern, kind, kind when the outcome is failure]. First match wins. */
const RULES: readonly Rule[] = [
  [/ (?:clear|delete|stop|disable|purge|wipe|truncate|tamper)\w* (?:\w+ )?(?:logs?|logging|trail|audit|history|journal) |(?:log|logs|logging|trail|audit|journal) (?:\w+ )?(?:clear|cleared|deleted?|stopped|disabled|purged|wiped|tamper\w*) | tamper/, 'log_tamper'],
  [/ sudo | privilege escalation | run as | runas | elevat/, 'sudo', 'sudo_denied'],
  [/ su | switch user /, 'su', 'su_failure'],
  [/ (?:password|passwd|credential) (?:change|changed|reset|update|updated|set)| (?:change|reset|update|set) (?:\w+ )?password| passwd | chpasswd /, 'password_change'],
  [/ (?:invalid|unknown|illegal|nonexistent|non existent) (?:user|account|username)| (?:user|account) (?:not found|unknown|does not exist)| no such user /, 'invalid_user'],
  [/ (?:too many|max|maximum) (?:\w+ )?(?:attempts|failures|retries)| lockout | locked out | account locked /, 'max_auth_exceeded'],
  [/ disconnect/, 'disconnect'],
  [/ (?:logout|logoff|signout)| log (?:out|off) | sign (?:out|off) | session (?:end|ended|close|closed|terminat\w*|stop|stopped) /, 'session_close'],
  [/ session (?:start|started|open|opened|begin|create|created|new) | new session /, 'session_open'],
  [/ (?:add|added|remove|removed|delete|deleted) (?:\w+ )?(?:user|member)s? (?:\w+ )?(?:to|from) (?:\w+ )?group| group (?:member|membership)| member (?:add|added|remove|removed) | gpasswd /, 'group_modify'],
  [/ (?:create|created|add|added|new) (?:\w+ )?group | group (?:create|created|creation|add|added) | groupadd /, 'group_add'],
  [/ (?:delete|deleted|remove|removed) (?:\w+ )?group | group (?:delete|deleted|deletion|remove|removed) | groupdel /, 'group_delete'],
  [/ (?:modify|modified|update|updated|change|changed|rename|renamed) (?:\w+ )?group | group (?:modify|modified|update|updated|change|changed) | groupmod /, 'group_modify'],
  [/ (?:create|created|add|added|new|provision\w*) (?:\w+ )?(?:user|account)| (?:user|account) (?:create|created|creation|add|added|provision\w*) | useradd | adduser /, 'user_add'],
  [/ (?:delete|deleted|remove|removed|deprovision\w*) (?:\w+ )?(?:user|account)| (?:user|account) (?:delete|deleted|deletion|remove|removed) | userdel | deluser /, 'user_delete'],
  [/ (?:modify|modified|update|updated|change|changed|lock|locked|unlock|unlocked|disable|disabled|enable|enabled|rename|renamed|attach|detach|put) (?:\w+ )?(?:user|account)| (?:user|account) (?:modif\w*|update\w*|change\w*|lock\w*|unlock\w*|disable\w*|enable\w*) | usermod | role (?:assign|grant)\w* | (?:assign|grant)\w* (?:\w+ )?role /, 'user_modify'],
  [/ (?:login|logon|signin|log in|sign in|auth|authn|authenticat\w*|sso|mfa|2fa|kerberos|ntlm|console login|user logged in|password (?:attempt|check|verif\w*)|credential (?:validation|check)) /, 'auth_success', 'auth_failure'],
  [/ (?:cron|crontab|scheduled|schedule|job|task) /, 'cron'],
  [/ (?:port scan|scan|scanner|probe|recon|reconnaissance|sweep) /, 'connection_probe'],
  [/ (?:transfer\w*|upload\w*|download\w*|exfil\w*|network|netflow|connection|connect|connected|flow|traffic|egress|ingress|firewall|dns|socket|tcp|udp|packet|bytes out) /, 'network'],
  [/ (?:file|files|read|write|written|open|opened|access|accessed|object|objects|directory|folder|share|document|copy|copied|moved|rename|renamed|delete file|get object|put object) /, 'file_access'],
  [/ (?:api|apicall|request|call|invoke|invoked|endpoint|http|https|rest|graphql|rpc|get|post|put|patch|query) /, 'api_call'],
  [/ (?:refused|blocked|deny|denied|reject|rejected|drop|dropped) /, 'connection_refused'],
  [/ (?:service|daemon|start|started|stop|stopped|restart|restarted|boot|shutdown|reload|config|configuration) /, 'service'],
]

/** What a type text says: the kind (null when nothing fits) and whether the text is the kind's own name. */
export interface TypeClass {
  kind: EventKind | null
  /** The text names a kind outright (`api_call`, `file_access`, `FileAccess`): the writer's own word. */
  named: boolean
}

const NOTHING: TypeClass = { kind: null, named: false }

/** outcome → type text → class: type strings repeat on every record of a log; classify each once. */
const cache = new Map<Outcome, Map<string, TypeClass>>()
let cached = 0

/** The class of `text`, its kind refined by `outcome` where the kind has a failed form. */
export function classifyType(text: string, outcome: Outcome): TypeClass {
  let byText = cache.get(outcome)
  if (byText === undefined) {
    byText = new Map()
    cache.set(outcome, byText)
  }
  const hit = byText.get(text)
  if (hit !== undefined) return hit
  const result = classify(text, outcome)
  if (++cached > 10_000) {
    cache.clear()
    cached = 0
  } else {
    byText.set(text, result)
  }
  return result
}

/** The event kind `text` names, refined by `outcome` where the rule has a failure kind. */
export function classifyEventType(text: string, outcome: Outcome): EventKind | null {
  return classifyType(text, outcome).kind
}

function failed(norm: string, outcome: Outcome): boolean {
  return outcome === 'failure' || (outcome === 'unknown' && / (?:fail\w*|denied|invalid|bad|reject\w*|error) /.test(norm))
}

function classify(text: string, outcome: Outcome): TypeClass {
  const trimmed = text.trim()
  if (trimmed.length === 0) return NOTHING
  const byId = WINDOWS_IDS[trimmed]
  if (byId !== undefined) return { kind: byId, named: true }
  const norm = normaliseType(trimmed)
  const named = KIND_NAMES.get(norm)
  if (named !== undefined) return { kind: (outcome === 'failure' ? FAILED_FORM[named] : undefined) ?? named, named: true }
  for (const [re, kind, failureKind] of RULES) {
    if (!re.test(norm)) continue
    return { kind: failureKind !== undefined && failed(norm, outcome) ? failureKind : kind, named: false }
  }
  return NOTHING
}

/** The outcome a type string itself implies (`login_failed` → failure), when the record has none. */
export function outcomeFromType(text: string): Outcome | null {
  const norm = normaliseType(text)
  if (/ (?:fail\w*|denied|deny|invalid|bad|reject\w*|error|refused|blocked|unauthori[sz]ed|forbidden|locked out) /.test(norm)) return 'failure'
  if (/ (?:success\w*|succeeded|ok|accepted|allowed|granted|passed) /.test(norm)) return 'success'
  return null
}
