/**
 * Reads Sigma rule files (a file, or every .yml/.yaml under a folder), each possibly holding
 * several YAML documents, and compiles every document once. Every document is reported: loaded,
 * or skipped with the reason (YAML error with its line, unsupported modifier or logsource, legacy
 * aggregation, a correlation naming a rule that is not there...). Only a path that cannot be read
 * at all is an error.
 */
import { readdir, readFile, stat } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { LineCounter, parseAllDocuments } from 'yaml'
import { err, ok, type Result } from '../../shared/result'
import { compileRule } from './compileRule'
import type { CorrelationRule, LoadEntry, SigmaRule } from './types'

export interface LoadedRules {
  rules: SigmaRule[]
  entries: LoadEntry[]
}

export interface LoadPathError {
  code: 'not_found' | 'unreadable'
  path: string
  message: string
}

const RULE_FILE = /\.ya?ml$/i

/** Loads every rule under `paths` (files or folders), in path order. */
export async function loadRules(paths: readonly string[]): Promise<Result<LoadedRules, LoadPathError>> {
  const files: string[] = []
  for (const p of paths) {
    const found = await ruleFiles(resolve(p))
    if (!found.ok) return found
    files.push(...found.value)
  }
  const rules: SigmaRule[] = []
  const entries: LoadEntry[] = []
  for (const file of [...new Set(files)]) {
    let text: string
    try {
      text = await readFile(file, 'utf8')
    } catch (e) {
      entries.push({ status: 'skipped', path: file, line: 1, id: null, title: null, reason: `cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'})` })
      continue
    }
    const parsed = parseRuleText(text, file)
    rules.push(...parsed.rules)
    entries.push(...parsed.entries)
  }
  return ok(resolveReferences({ rules, entries }))
}

/** The rules of one file's text (multi-document YAML). */
export function parseRuleText(text: string, path: string): LoadedRules {
  const lineCounter = new LineCounter()
  const rules: SigmaRule[] = []
  const entries: LoadEntry[] = []
  const docs = parseAllDocuments(text, { lineCounter, prettyErrors: true })
  for (const doc of Array.isArray(docs) ? docs : [docs]) {
    // The document's first node (after a `---` and comments), else where the document starts.
    const line = lineCounter.linePos(doc.contents?.range?.[0] ?? doc.range[0]).line
    const skipped = (reason: string, id: string | null = null, title: string | null = null) =>
      entries.push({ status: 'skipped', path, line, id, title, reason })
    if (doc.errors.length > 0) {
      const e = doc.errors[0]
      skipped(`YAML error at line ${e.linePos?.[0].line ?? line}: ${e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')}`)
      continue
    }
    if (doc.contents === null) continue // an empty document (a trailing `---`) is not a rule
    let js: unknown
    try {
      js = doc.toJS({ maxAliasCount: 100 })
    } catch (e) {
      skipped(`YAML error: ${(e as Error).message}`)
      continue
    }
    if (js !== null && typeof js === 'object' && 'action' in js) {
      skipped('Sigma 1.0 collection action (global/repeat/reset) documents are not supported: write each rule whole')
      continue
    }
    const rule = compileRule(js, path, line)
    if (rule.ok) {
      rules.push(rule.value)
      entries.push({ status: 'loaded', path, line, id: rule.value.id, title: rule.value.title, kind: rule.value.kind, level: rule.value.level })
    } else skipped(rule.error.reason, rule.error.id, rule.error.title)
  }
  return { rules, entries }
}

/**
 * Drops duplicate ids (the first wins) and correlations whose referenced rules are not all
 * loaded (repeatedly: a correlation of a dropped correlation goes too); each gets its reason.
 */
function resolveReferences(loaded: LoadedRules): LoadedRules {
  const entries = [...loaded.entries]
  const demote = (r: SigmaRule, reason: string) => {
    const i = entries.findIndex((e) => e.status === 'loaded' && e.path === r.path && e.line === r.line)
    if (i >= 0) entries[i] = { status: 'skipped', path: r.path, line: r.line, id: r.id, title: r.title, reason }
  }
  const seen = new Map<string, SigmaRule>()
  let rules: SigmaRule[] = []
  for (const r of loaded.rules) {
    const first = seen.get(r.id)
    if (first) {
      demote(r, `duplicate id ${r.id} (first in ${first.path}:${first.line})`)
      continue
    }
    seen.set(r.id, r)
    rules.push(r)
  }
  for (;;) {
    const known = new Set<string>()
    for (const r of rules) {
      known.add(r.id)
      if (r.name) known.add(r.name)
    }
    const broken = rules.filter((r): r is CorrelationRule => r.kind === 'correlation' && r.rules.some((ref) => !known.has(ref) || ref === r.id || ref === r.name))
    if (broken.length === 0) break
    for (const c of broken) {
      const missing = c.rules.find((ref) => !known.has(ref) || ref === c.id || ref === c.name)!
      demote(c, missing === c.id || missing === c.name ? 'correlation refers to itself' : `correlation refers to rule "${missing}", which is not loaded`)
    }
    rules = rules.filter((r) => !broken.includes(r as CorrelationRule))
  }
  return { rules, entries }
}

async function ruleFiles(path: string): Promise<Result<string[], LoadPathError>> {
  let info
  try {
    info = await stat(path)
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code
    return err({ code: code === 'ENOENT' || code === 'ENOTDIR' ? 'not_found' : 'unreadable', path, message: `${path}: ${code === 'ENOENT' ? 'no such file or folder' : `cannot be read (${code ?? 'error'})`}` })
  }
  if (info.isFile()) return ok([path])
  if (!info.isDirectory()) return err({ code: 'unreadable', path, message: `${path}: not a file or folder` })
  const out: string[] = []
  const walk = async (dir: string): Promise<Result<null, LoadPathError>> => {
    let names
    try {
      names = await readdir(dir, { withFileTypes: true })
    } catch (e) {
      return err({ code: 'unreadable', path: dir, message: `${dir}: cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'})` })
    }
    for (const d of names.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const p = join(dir, d.name)
      if (d.isDirectory()) {
        const sub = await walk(p)
        if (!sub.ok) return sub
      } else if (d.isFile() && RULE_FILE.test(d.name)) out.push(p)
    }
    return ok(null)
  }
  const walked = await walk(path)
  return walked.ok ? ok(out) : walked
}
