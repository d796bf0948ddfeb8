/**
 * One parsed YAML document → a compiled rule (a detection: logsource scope, one test, its trigger
 * words; or a correlation), or the reason it cannot be used. Nothing of the YAML tree survives
 * compilation: matching an event runs closures only.
 */
import { basename } from 'node:path'
import { err, ok, type Result } from '../../shared/result'
import { tacticNameOf } from '../mitre/catalogue'
import { andOf, compileCondition, orOf, parseCondition } from './condition'
import { compileFieldCondition, type Atom } from './fieldCondition'
import { LEVELS, type CorrelationType, type CountCondition, type Scope, type SigmaLevel, type SigmaMeta, type SigmaRule } from './types'

/** Services of `product: linux` this engine reads, and the programs that write them (null: any). */
const SERVICES: Readonly<Record<string, readonly string[] | null>> = {
  auth: null,
  syslog: null,
  auditd: null,
  sshd: ['sshd'],
  sudo: ['sudo'],
  cron: ['cron', 'crond', 'anacron'],
}
const CORRELATION_TYPES: readonly string[] = ['event_count', 'value_count', 'temporal'] satisfies CorrelationType[]

export interface Skip {
  id: string | null
  title: string | null
  reason: string
}

type Doc = Record<string, unknown>

const isMap = (x: unknown): x is Doc => x !== null && typeof x === 'object' && !Array.isArray(x)
const str = (x: unknown): string | null => (typeof x === 'string' && x.trim() !== '' ? x : null)

export function compileRule(doc: unknown, path: string, line: number): Result<SigmaRule, Skip> {
  if (!isMap(doc)) return err({ id: null, title: null, reason: 'not a YAML map (a Sigma rule is a map with title and detection)' })
  const id = str(doc.id) ?? (typeof doc.id === 'number' ? String(doc.id) : null)
  const title = str(doc.title)
  const skip = (reason: string) => err<Skip>({ id, title, reason })
  if (title === null) return skip('no title')
  const name = str(doc.name)
  const level = doc.level === undefined ? 'medium' : String(doc.level).toLowerCase()
  if (!(LEVELS as readonly string[]).includes(level)) return skip(`unknown level "${String(doc.level)}" (informational, low, medium, high or critical)`)
  const tags = Array.isArray(doc.tags) ? doc.tags.filter((t): t is string => typeof t === 'string') : []
  const meta: SigmaMeta = {
    // Ids are joined with spaces in the sigma_rules column: a (non-standard) id with blanks gets underscores.
    id: (id ?? name ?? `${basename(path)}:${line}`).replace(/\s+/g, '_'),
    name,
    title,
    level: level as SigmaLevel,
    ...attackTags(tags),
    path,
    line,
  }
  if (doc.correlation !== undefined) return compileCorrelation(doc.correlation, meta, skip)
  if (doc.detection === undefined) return skip('neither detection nor correlation')
  const scope = scopeOf(doc.logsource)
  if (!scope.ok) return skip(scope.error)
  const fields = new Set<string>()
  const detection = compileDetection(doc.detection, fields)
  if (!detection.ok) return skip(detection.error)
  const { test, trigger } = detection.value
  return ok({ kind: 'detection', ...meta, scope: scope.value, test, trigger: trigger === null ? null : trigger.map((n) => n.text), fields: [...fields] })
}

/** `attack.t1059.004` → technique `T1059.004`; `attack.persistence` → tactic `Persistence`; other tags stay on the rule's file. */
export function attackTags(tags: readonly string[]): { techniques: string[]; tactics: string[] } {
  const techniques: string[] = []
  const tactics: string[] = []
  for (const tag of tags) {
    const m = /^attack\.(t\d{4}(?:\.\d{3})?)$/i.exec(tag.trim())
    if (m) {
      const t = m[1].toUpperCase()
      if (!techniques.includes(t)) techniques.push(t)
      continue
    }
    const tactic = /^attack\.([a-z_-]+)$/i.exec(tag.trim())
    const nameOf = tactic ? tacticNameOf(tactic[1]) : undefined
    if (nameOf && !tactics.includes(nameOf)) tactics.push(nameOf)
  }
  return { techniques, tactics }
}

function scopeOf(logsource: unknown): Result<Scope, string> {
  if (logsource === undefined) return ok({ kind: 'all' })
  if (!isMap(logsource)) return err('logsource is not a map')
  const product = logsource.product === undefined ? null : String(logsource.product).toLowerCase()
  const service = logsource.service === undefined ? null : String(logsource.service).toLowerCase()
  const category = logsource.category === undefined ? null : String(logsource.category).toLowerCase()
  if (product !== null && product !== 'linux') return err(`unsupported logsource: product ${product} (Linux and JSON records only)`)
  if (service !== null) {
    if (!Object.hasOwn(SERVICES, service)) return err(`unsupported logsource: service ${service} (auth, sshd, sudo, syslog, cron, auditd)`)
    const programs = SERVICES[service]
    return ok(programs === null ? { kind: 'all' } : { kind: 'programs', programs })
  }
  if (category !== null) return ok({ kind: 'json' })
  return ok({ kind: 'all' })
}

/** `fields` collects the field names the selections read. */
function compileDetection(detection: unknown, fields: Set<string>): Result<Atom, string> {
  if (!isMap(detection)) return err('detection is not a map')
  const { condition, timeframe: _timeframe, ...rest } = detection
  const selections = new Map<string, Atom>()
  for (const [name, body] of Object.entries(rest)) {
    const atom = compileSelection(name, body, fields)
    if (!atom.ok) return atom
    selections.set(name, atom.value)
  }
  const conditions = typeof condition === 'string' ? [condition] : Array.isArray(condition) ? condition : null
  if (conditions === null || conditions.length === 0 || conditions.some((c) => typeof c !== 'string')) return err('detection has no condition (a string, or a list of them)')
  const atoms: Atom[] = []
  for (const c of conditions as string[]) {
    const tree = parseCondition(c)
    if (!tree.ok) return tree
    const atom = compileCondition(tree.value, selections)
    if (!atom.ok) return atom
    atoms.push(atom.value)
  }
  return ok(orOf(atoms))
}

/** A selection: a map (AND of its fields), a list of maps (OR), or keywords (a list of strings, OR). */
function compileSelection(name: string, body: unknown, fields: Set<string>): Result<Atom, string> {
  if (isMap(body)) {
    const entries = Object.entries(body)
    if (entries.length === 0) return err(`selection "${name}" is empty`)
    const atoms: Atom[] = []
    for (const [key, value] of entries) {
      const field = key.split('|')[0]
      if (field !== '') fields.add(field)
      const atom = compileFieldCondition(key, value)
      if (!atom.ok) return atom
      atoms.push(atom.value)
    }
    return ok(andOf(atoms))
  }
  if (Array.isArray(body)) {
    if (body.length === 0) return err(`selection "${name}" is an empty list`)
    const keywords = body.filter((x) => typeof x === 'string' || typeof x === 'number')
    const maps = body.filter(isMap)
    if (keywords.length + maps.length !== body.length) return err(`selection "${name}" mixes lists or nulls into a list`)
    const atoms: Atom[] = []
    if (keywords.length > 0) {
      const kw = compileFieldCondition('', keywords)
      if (!kw.ok) return kw
      atoms.push(kw.value)
    }
    for (const m of maps) {
      const atom = compileSelection(name, m, fields)
      if (!atom.ok) return atom
      atoms.push(atom.value)
    }
    return ok(orOf(atoms))
  }
  if (typeof body === 'string' || typeof body === 'number') return compileFieldCondition('', body)
  return err(`selection "${name}" is neither a map, a list nor a keyword`)
}

function compileCorrelation(c: unknown, meta: SigmaMeta, skip: (reason: string) => Result<never, Skip>): Result<SigmaRule, Skip> {
  if (!isMap(c)) return skip('correlation is not a map')
  const type = String(c.type ?? '')
  if (!CORRELATION_TYPES.includes(type)) return skip(`unsupported correlation type "${type}" (event_count, value_count, temporal)`)
  const rules = (Array.isArray(c.rules) ? c.rules : c.rules === undefined ? [] : [c.rules]).map(String)
  if (rules.length === 0) return skip('correlation names no rules')
  const groupBy = (Array.isArray(c['group-by']) ? c['group-by'] : c['group-by'] === undefined ? [] : [c['group-by']]).map(String)
  const timespanMs = parseTimespan(c.timespan)
  if (timespanMs === null) return skip(`correlation timespan "${String(c.timespan)}" is not a number with s, m, h, d or w`)
  let condition: CountCondition = {}
  let field: string | null = null
  if (c.condition !== undefined) {
    if (!isMap(c.condition)) return skip('correlation condition is not a map (e.g. gte: 10)')
    for (const [k, v] of Object.entries(c.condition)) {
      if (k === 'field') {
        field = Array.isArray(v) ? (v.length === 1 ? String(v[0]) : null) : String(v)
        if (field === null) return skip('value_count over several fields is not supported')
        continue
      }
      if (!['gt', 'gte', 'lt', 'lte', 'eq'].includes(k)) return skip(`unsupported correlation condition "${k}" (gt, gte, lt, lte, eq)`)
      const n = Number(v)
      if (!Number.isFinite(n)) return skip(`correlation condition ${k} is not a number`)
      condition = { ...condition, [k]: n }
    }
  }
  if (type !== 'temporal' && Object.keys(condition).length === 0) return skip(`${type} needs a condition (e.g. gte: 10)`)
  // temporal without a condition: every referenced rule must be seen in the timespan.
  if (type === 'temporal' && Object.keys(condition).length === 0) condition = { gte: rules.length }
  if (type === 'value_count' && field === null) return skip('value_count needs condition.field')
  const aliases: Record<string, Record<string, string>> = {}
  if (isMap(c.aliases)) {
    for (const [alias, byRule] of Object.entries(c.aliases)) {
      if (!isMap(byRule)) return skip(`alias "${alias}" is not a map of rule name to field`)
      aliases[alias] = Object.fromEntries(Object.entries(byRule).map(([r, f]) => [r, String(f)]))
    }
  }
  return ok({ kind: 'correlation', ...meta, type: type as CorrelationType, rules, groupBy, timespanMs, condition, field, aliases, generate: c.generate === true })
}

const UNIT_MS: Readonly<Record<string, number>> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 }

export function parseTimespan(x: unknown): number | null {
  const m = /^(\d+)([smhdw])$/.exec(String(x ?? '').trim())
  if (!m) return null
  const ms = Number(m[1]) * UNIT_MS[m[2]]
  return ms > 0 ? ms : null
}
