/**
 * The grid's findings query in SQL: sort, column filters, quick filter and severity floor become
 * one parameterised statement, so a page of a 10,000,000-event store is read without loading the
 * rest. Column names come from the COLUMNS whitelist below, never from the client; every value the
 * client sends is a bound parameter. Counts are cached per filter until the store changes.
 */
import type Database from 'better-sqlite3'
import type { ColumnFilter, FindingsFilter, QueryColumn } from '../../shared/api'
import type { Finding } from '../../shared/finding'
import { EVENT_KINDS } from '../../shared/event'
import { SEVERITIES, SEVERITY_FLOOR, TRIAGE_STATUSES, severityRank } from '../../shared/finding'
import { hasWordPrefix, parseSearchTerms, type SearchTerm } from '../../shared/searchTerms'
import { TEXT_SQL, isIndexedWord, matchPhrase } from './findingsText'
import { EVENT_COLUMNS, FINDING_EXTRA, findingFromRow, type RawRow } from './rows'
import type { Store } from './Store'
import { StatementCache } from './statementCache'

/** The first reason of a finding, as stored (a JSON array of sentences): what an incident says. */
export const FIRST_REASON_SQL = "COALESCE(json_extract(s.reasons, '$[0]'), '')"

/** The findings of one episode, through its partial index (schema.ts, migration 9): the condition literally as the index's. */
export const EPISODE_WHERE = 's.severity_rank >= 1 AND s.episode = ?'

/** Which joined table an expression reads: `e` events, `s` scores (always joined), `t` triage. */
export type Table = 'e' | 't'

interface ColumnSql {
  /** SQL expression (a constant of this file). */
  expr: string
  needs: readonly Table[]
  kind: 'text' | 'number'
  /** Extra sort terms after the expression (e.g. the line after the file). */
  thenBy?: string
}

const detector = (name: string): ColumnSql => ({ expr: `json_extract(s.detector_scores, '$.${name}')`, needs: [], kind: 'number' })

/** The whitelist: every grid column the server sorts or filters on, and its SQL. */
const COLUMNS: Readonly<Record<QueryColumn, ColumnSql>> = {
  time: { expr: 'e.ts', needs: ['e'], kind: 'number' },
  host: { expr: 'e.host', needs: ['e'], kind: 'text' },
  user: { expr: 'e."user"', needs: ['e'], kind: 'text' },
  src_ip: { expr: 'e.src_ip', needs: ['e'], kind: 'text' },
  event: { expr: 'e.event', needs: ['e'], kind: 'text' },
  // The rank follows the score; naming it lets the (score, severity_rank) index give the order whole.
  score: { expr: 's.score', needs: [], kind: 'number', thenBy: 's.severity_rank' },
  severity: { expr: 's.severity', needs: [], kind: 'text' },
  threat_type: { expr: 's.threat_type', needs: [], kind: 'text' },
  mitre: { expr: 's.mitre_techniques', needs: [], kind: 'text' },
  status: { expr: "COALESCE(t.status, 'new')", needs: ['t'], kind: 'text' },
  source: { expr: 'e.source_file', needs: ['e'], kind: 'text', thenBy: 'e.source_line' },
  source_file: { expr: 'e.source_file', needs: ['e'], kind: 'text', thenBy: 'e.source_line' },
  why: { expr: 's.reasons', needs: [], kind: 'text' },
  iforest: detector('iforest'),
  autoencoder: detector('autoencoder'),
  statistical: detector('statistical'),
  rules: detector('rules'),
  // The analyst's marks as the CSV's tags cell writes them (shared/tags.ts: `color:red c2`).
  tags: { expr: "TRIM(COALESCE('color:' || t.color, '') || ' ' || COALESCE(t.tags, ''))", needs: ['t'], kind: 'text' },
}

/** A column's SQL expression and the tables it reads (for other queries over the same filter, e.g. groups). */
export function columnSql(col: QueryColumn): { expr: string; needs: readonly Table[] } {
  return COLUMNS[col]
}

/** Columns the quick filter searches (the grid's visible text columns). */
const QUICK_COLUMNS: readonly QueryColumn[] = ['host', 'user', 'src_ip', 'event', 'severity', 'threat_type', 'mitre', 'status', 'source_file', 'why']

/** Severity sorts by rank (CRITICAL above HIGH), which follows the score bands. */
const SORT_EXPR: Partial<Record<QueryColumn, string>> = { severity: 's.severity_rank' }

const SELECT = `e.id, e.event_key, ${EVENT_COLUMNS.map((c) => `e."${c}"`).join(', ')}, ${FINDING_EXTRA.join(', ')}`
const FROM_ALL = 'scores s JOIN events e ON e.id = s.event_id LEFT JOIN triage t ON t.event_key = e.event_key'
const COUNT_CACHE_SIZE = 32
/** Rows per statement when an export walks every matching id. */
const EXPORT_CHUNK = 2000

interface Built {
  where: string
  params: unknown[]
  needs: Set<Table>
}

/** `%`, `_` and `\` taken literally in a LIKE pattern (with `ESCAPE '\'`). */
function likeEscape(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`)
}

function textClause(col: QueryColumn, c: { type: string; filter?: string | null }, params: unknown[]): string | null {
  const expr = COLUMNS[col].expr
  let value = c.filter ?? ''
  // The grid shows statuses humanised ("False positive"); stored as tokens.
  if (col === 'status') value = value.trim().toLowerCase().replace(/\s+/g, '_')
  switch (c.type) {
    case 'blank':
      return `(${expr} IS NULL OR ${expr} = '' OR ${expr} = '[]')`
    case 'notBlank':
      return `(${expr} IS NOT NULL AND ${expr} <> '' AND ${expr} <> '[]')`
    default:
      break
  }
  if (value === '') return null
  if (col === 'mitre' && (c.type === 'equals' || c.type === 'notEqual')) {
    params.push(value)
    const exists = 'EXISTS (SELECT 1 FROM json_each(s.mitre_techniques) WHERE value = ?)'
    return c.type === 'equals' ? exists : `NOT ${exists}`
  }
  switch (c.type) {
    case 'equals':
      params.push(value)
      // Exact (and case-sensitive) so the column's index answers it.
      return `${expr} = ?`
    case 'notEqual':
      params.push(value)
      return `(${expr} IS NULL OR ${expr} <> ?)`
    case 'contains':
      params.push(`%${likeEscape(value)}%`)
      return `${expr} LIKE ? ESCAPE '\\'`
    case 'notContains':
      params.push(`%${likeEscape(value)}%`)
      return `(${expr} IS NULL OR ${expr} NOT LIKE ? ESCAPE '\\')`
    case 'startsWith':
      params.push(`${likeEscape(value)}%`)
      return `${expr} LIKE ? ESCAPE '\\'`
    case 'endsWith':
      params.push(`%${likeEscape(value)}`)
      return `${expr} LIKE ? ESCAPE '\\'`
    default:
      return null
  }
}

function numberClause(col: QueryColumn, c: { type: string; filter?: number | null; filterTo?: number | null }, params: unknown[]): string | null {
  const expr = COLUMNS[col].expr
  if (c.type === 'blank') return `${expr} IS NULL`
  if (c.type === 'notBlank') return `${expr} IS NOT NULL`
  if (c.filter === null || c.filter === undefined) return null
  const ops: Record<string, string> = {
    equals: '=',
    notEqual: '<>',
    greaterThan: '>',
    greaterThanOrEqual: '>=',
    lessThan: '<',
    lessThanOrEqual: '<=',
  }
  if (c.type === 'inRange') {
    if (c.filterTo === null || c.filterTo === undefined) return null
    params.push(Math.min(c.filter, c.filterTo), Math.max(c.filter, c.filterTo))
    return `${expr} BETWEEN ? AND ?`
  }
  const op = ops[c.type]
  if (op === undefined) return null
  params.push(c.filter)
  return `${expr} ${op} ?`
}

function columnClause(col: QueryColumn, f: ColumnFilter, params: unknown[]): string | null {
  if ('conditions' in f) {
    const parts = f.conditions.map((c) => columnClause(col, c, params)).filter((p): p is string => p !== null)
    return parts.length === 0 ? null : `(${parts.join(f.operator === 'OR' ? ' OR ' : ' AND ')})`
  }
  switch (f.filterType) {
    case 'set': {
      if (f.values.length === 0) return '0'
      const expr = col === 'severity' ? 's.severity' : COLUMNS[col].expr
      params.push(JSON.stringify(f.values))
      return `${expr} IN (SELECT value FROM json_each(?))`
    }
    case 'text':
      return COLUMNS[col].kind === 'text' ? textClause(col, f, params) : null
    case 'number':
      return COLUMNS[col].kind === 'number' ? numberClause(col, f, params) : null
  }
}

/** Many-valued events columns whose index lists one value's event ids cheaply. */
const ID_LIST_SQL: Partial<Record<QueryColumn, string>> = {
  user: 'SELECT id FROM events WHERE "user" = ?',
  src_ip: 'SELECT id FROM events WHERE src_ip = ?',
}

/**
 * `user = X` over a score-ordered walk: the user's event ids as a list (one range of events_user_ts,
 * which SQLite turns into a Bloom filter) checked against the score index as it is walked, instead
 * of one scores lookup per event of that user (33,000 at 10M events). The unary `+` keeps SQLite
 * from driving the query by the list. Null when the filter is not one exact value.
 */
function idListClause(col: QueryColumn, f: ColumnFilter, params: unknown[]): string | null {
  const sql = ID_LIST_SQL[col]
  if (sql === undefined || !('type' in f) || f.filterType !== 'text' || f.type !== 'equals' || !f.filter) return null
  params.push(f.filter)
  return `+s.event_id IN (${sql})`
}

/**
 * Columns with a closed set of values: the quick filter finds the matching values here and asks
 * for them by equality, which spares a LIKE per row (and, for the status, the triage join on
 * every row when no status matches).
 */
const CLOSED_SETS: Partial<Record<QueryColumn, readonly string[]>> = {
  event: EVENT_KINDS,
  severity: SEVERITIES,
  status: TRIAGE_STATUSES,
}

/** The SQL function a prefix term is checked with (registered on the connection by FindingsQuery). */
const WORD_PREFIX_FN = 'vigil_word_prefix'

/** Registers the SQL functions buildWhere's clauses call; every connection that runs them needs it once. */
export function registerSearchFunctions(db: Database.Database): void {
  db.function(WORD_PREFIX_FN, { deterministic: true }, (text: unknown, prefix: unknown) =>
    typeof text === 'string' && typeof prefix === 'string' && hasWordPrefix(text, prefix) ? 1 : 0,
  )
}

/**
 * One quick-filter term: some column or the raw line has it. Over the findings (a floor of LOW or
 * more) a term of three characters or more is looked up in their trigram index (findingsText.ts),
 * the status (which triage changes, so it is not indexed) beside it; otherwise LIKE, column by
 * column. A prefix term (`Accept*`) is the substring narrowed to rows where a word starts with it.
 */
function quickClause(term: SearchTerm, params: unknown[], needs: Set<Table>, indexed: boolean): string {
  const word = term.text
  const lower = word.toLowerCase()
  const has = (v: string): boolean => (term.kind === 'prefix' ? v.startsWith(lower) : v.includes(lower))
  // Text clauses and the status clause keep their own parameters, so the SQL can put them in any order.
  const text: string[] = []
  const textParams: unknown[] = []
  let status: { sql: string; param: string } | null = null
  const useIndex = indexed && isIndexedWord(word)
  if (useIndex) {
    textParams.push(matchPhrase(word))
    text.push('s.event_id IN (SELECT rowid FROM findings_text WHERE findings_text MATCH ?)')
  }
  for (const col of QUICK_COLUMNS) {
    if (useIndex && col !== 'status') continue
    const closed = CLOSED_SETS[col]
    if (closed) {
      // As the grid shows them: statuses humanised ("false positive"), the others as stored.
      const hits = closed.filter((v) => has(v.toLowerCase()) || (col === 'status' && has(v.replace(/_/g, ' '))))
      if (hits.length === 0) continue
      const clause = `${COLUMNS[col].expr} IN (SELECT value FROM json_each(?))`
      if (col === 'status') status = { sql: clause, param: JSON.stringify(hits) }
      else {
        text.push(clause)
        textParams.push(JSON.stringify(hits))
      }
    } else {
      text.push(`${COLUMNS[col].expr} LIKE ? ESCAPE '\\'`)
      textParams.push(`%${likeEscape(word)}%`)
    }
    for (const t of COLUMNS[col].needs) needs.add(t)
  }
  if (!useIndex) {
    text.push(`e.raw LIKE ? ESCAPE '\\'`)
    textParams.push(`%${likeEscape(word)}%`)
    needs.add('e')
  }
  let textClause = `(${text.join(' OR ')})`
  if (term.kind === 'prefix') {
    // The substring narrows (through the index when it can); the function keeps word starts only.
    textClause = `(${textClause} AND ${WORD_PREFIX_FN}(${TEXT_SQL}, ?))`
    textParams.push(word)
    needs.add('e')
  }
  params.push(...textParams)
  if (status === null) return textClause
  params.push(status.param)
  return `(${textClause} OR ${status.sql})`
}

/**
 * How a page checks the severity floor: through the (score, rank) index that also gives the score
 * order; row by row, while an events index gives the order of the sort column; or through the
 * findings-only partial indexes of the scores columns (schema.ts, migration 6), which SQLite uses
 * only when the query names their own condition, literally.
 */
export type FloorMode = 'scoreIndex' | 'perRow' | 'findingsIndex'

/** The WHERE clause (with its parameters) of a filter. */
export function buildWhere(filter: FindingsFilter, floor: FloorMode = 'scoreIndex'): Built {
  const floorByIndex = floor === 'scoreIndex'
  const params: unknown[] = []
  const needs = new Set<Table>()
  const clauses: string[] = []
  const minSeverity = filter.minSeverity ?? 'LOW'
  if (minSeverity !== 'NONE') {
    // Severity is the score's band (shared/finding.ts): the redundant score bound lets the
    // (score, severity_rank) index serve the floor and the score order in one walk.
    // Sorted by another column, the floor is checked row by row (unary +: no index) so SQLite
    // walks that column's index and stops after a page instead of sorting every finding.
    const perRow = '+s.score >= ? AND +s.severity_rank >= ?'
    clauses.push(floor === 'scoreIndex' ? 's.score >= ? AND s.severity_rank >= ?' : floor === 'perRow' ? perRow : `${FINDINGS_INDEX_WHERE} AND ${perRow}`)
    params.push(SEVERITY_FLOOR[minSeverity], severityRank(minSeverity))
  }
  for (const [col, f] of Object.entries(filter.filterModel ?? {}) as [QueryColumn, ColumnFilter | undefined][]) {
    if (!f || !Object.hasOwn(COLUMNS, col)) continue
    const lookup = minSeverity !== 'NONE' && floorByIndex ? idListClause(col, f, params) : null
    if (lookup !== null) {
      clauses.push(lookup)
      continue
    }
    const clause = columnClause(col, f, params)
    if (clause === null) continue
    clauses.push(clause)
    for (const t of COLUMNS[col].needs) needs.add(t)
  }
  if (filter.incident) {
    clauses.push(EPISODE_WHERE)
    params.push(filter.incident.episode)
  }
  if (filter.from !== undefined) {
    clauses.push('e.ts >= ?')
    params.push(filter.from)
    needs.add('e')
  }
  if (filter.to !== undefined) {
    clauses.push('e.ts < ?')
    params.push(filter.to)
    needs.add('e')
  }
  for (const term of parseSearchTerms(filter.quickFilter ?? '')) clauses.push(quickClause(term, params, needs, minSeverity !== 'NONE'))
  return { where: clauses.length > 0 ? `WHERE ${clauses.join(' AND ')}` : '', params, needs }
}

/** ORDER BY for a sort model; ties (and no sort at all) fall back to score, then newest id. */
export function buildOrder(filter: FindingsFilter): { order: string; needs: Set<Table> } {
  const needs = new Set<Table>()
  const terms: string[] = []
  for (const { colId, sort } of filter.sortModel ?? []) {
    const col = COLUMNS[colId]
    if (!col) continue
    const dir = sort === 'asc' ? 'ASC' : 'DESC'
    terms.push(`${SORT_EXPR[colId] ?? col.expr} ${dir}`)
    if (col.thenBy) terms.push(`${col.thenBy} ${dir}`)
    for (const t of col.needs) needs.add(t)
  }
  if (terms.length === 0) terms.push('s.score DESC', 's.severity_rank DESC')
  // The row id breaks ties in the direction of the first sort, named from the table whose index
  // gives that order, so one index walk serves the whole ORDER BY.
  const last = terms[0].endsWith('ASC') ? 'ASC' : 'DESC'
  terms.push(`${terms[0].startsWith('e.') ? 'e.id' : 's.event_id'} ${last}`)
  return { order: `ORDER BY ${terms.join(', ')}`, needs }
}

/** Columns whose order an events index gives (sorting by them walks it, see buildWhere). */
const INDEXED_SORTS: ReadonlySet<QueryColumn> = new Set(['time', 'host', 'user', 'src_ip', 'event'])
/** Scores columns with a findings-only (LOW and above) partial index: `WHERE severity_rank >= 1`. */
const FINDINGS_SORTS: ReadonlySet<QueryColumn> = new Set(['threat_type', 'mitre'])
/** The partial indexes' condition, as the query must spell it for SQLite to use them. */
export const FINDINGS_INDEX_WHERE = 's.severity_rank >= 1'

function floorMode(filter: FindingsFilter): FloorMode {
  const first = filter.sortModel?.[0]?.colId
  if (first === undefined) return 'scoreIndex'
  if (INDEXED_SORTS.has(first)) return 'perRow'
  if (FINDINGS_SORTS.has(first) && (filter.minSeverity ?? 'LOW') !== 'NONE') return 'findingsIndex'
  return 'scoreIndex'
}

/** Matches at most this many rows are read in one pass with their count (see `page`). */
const ONE_PASS_LIMIT = 20_000
const EQUALITY_COLUMNS: readonly QueryColumn[] = ['user', 'host', 'src_ip']

/** An exact filter on an indexed events column: SQLite drives the query from that index. */
function byEventsEquality(filter: FindingsFilter): boolean {
  return EQUALITY_COLUMNS.some((col) => {
    const f = filter.filterModel?.[col]
    return f !== undefined && 'type' in f && f.type === 'equals' && typeof f.filter === 'string' && f.filter !== ''
  })
}

/** The FROM clause joining only the tables a query needs (scores always). */
export function fromFor(needs: Set<Table>): string {
  let from = 'scores s'
  if (needs.has('e') || needs.has('t')) from += ' JOIN events e ON e.id = s.event_id'
  if (needs.has('t')) from += ' LEFT JOIN triage t ON t.event_key = e.event_key'
  return from
}

/**
 * Pages, counts and walks the scored events. Only scored events are listed: an event stored but
 * not scored yet (mid-scan) has no score to sort or filter by.
 */
export class FindingsQuery {
  private readonly statements: StatementCache
  private readonly counts = new Map<string, number>()
  private readonly byIds: Database.Statement
  private readonly version: Database.Statement

  /** `syncText` brings the quick filter's index up to date (Store.syncFindingsText); called before a search uses it. */
  constructor(
    private readonly db: Database.Database,
    private readonly syncText: () => void = () => undefined,
  ) {
    this.statements = new StatementCache(db, 200)
    registerSearchFunctions(db)
    this.byIds = db.prepare(`SELECT ${SELECT} FROM ${FROM_ALL} WHERE s.event_id IN (SELECT value FROM json_each(?))`)
    this.byIds.raw(true)
    this.version = db.prepare('SELECT total_changes() AS changes')
  }

  /** Rows [startRow, endRow) of the filtered, sorted findings, and how many match in all. */
  page(filter: FindingsFilter, startRow: number, endRow: number): { rows: Finding[]; total: number } {
    this.syncTextFor(filter)
    const key = this.countKey(filter)
    if (!this.counts.has(key) && endRow <= ONE_PASS_LIMIT && byEventsEquality(filter)) {
      // "Filter by user" (host, address): SQLite reads every event of that value through the
      // column's index to sort them, so taking them all costs no more than a page, and the
      // count comes free instead of a second pass over the same rows.
      const all = this.ids(filter, 0, ONE_PASS_LIMIT + 1)
      if (all.length <= ONE_PASS_LIMIT) {
        this.remember(key, all.length)
        return { rows: this.rowsByIds(all.slice(startRow, endRow)), total: all.length }
      }
      return { rows: this.rowsByIds(all.slice(startRow, endRow)), total: this.count(filter) }
    }
    const ids = this.ids(filter, startRow, Math.max(0, endRow - startRow))
    return { rows: this.rowsByIds(ids), total: this.count(filter) }
  }

  /** How many findings match (cached until the store changes). */
  count(filter: FindingsFilter): number {
    this.syncTextFor(filter)
    const key = this.countKey(filter)
    const cached = this.counts.get(key)
    if (cached !== undefined) return cached
    const built = buildWhere(filter)
    const sql = `SELECT COUNT(*) AS n FROM ${fromFor(built.needs)} ${built.where}`
    const n = (this.prepare(sql).get(...built.params) as { n: number }).n
    this.remember(key, n)
    return n
  }

  /** Whether finding `id` matches the filter (its sort ignored). */
  contains(filter: FindingsFilter, id: number): boolean {
    this.syncTextFor(filter)
    const built = buildWhere(filter)
    const where = built.where === '' ? 'WHERE s.event_id = ?' : `${built.where} AND s.event_id = ?`
    return this.prepare(`SELECT 1 FROM ${fromFor(built.needs)} ${where}`).get(...built.params, id) !== undefined
  }

  private syncTextFor(filter: FindingsFilter): void {
    if ((filter.minSeverity ?? 'LOW') === 'NONE' || !filter.quickFilter) return
    if (parseSearchTerms(filter.quickFilter).some((t) => isIndexedWord(t.text))) this.syncText()
  }

  private countKey(filter: FindingsFilter): string {
    const built = buildWhere(filter)
    return `${this.dataVersion()}|${built.where}|${JSON.stringify(built.params)}`
  }

  private remember(key: string, n: number): void {
    if (this.counts.size >= COUNT_CACHE_SIZE) this.counts.clear()
    this.counts.set(key, n)
  }

  /** Every matching finding, in order, read a chunk at a time (exports of millions of rows). */
  *iterate(filter: FindingsFilter): Generator<Finding> {
    this.syncTextFor(filter)
    for (let offset = 0; ; offset += EXPORT_CHUNK) {
      const ids = this.ids(filter, offset, EXPORT_CHUNK)
      yield* this.rowsByIds(ids)
      if (ids.length < EXPORT_CHUNK) return
    }
  }

  private ids(filter: FindingsFilter, offset: number, limit: number): number[] {
    if (limit === 0) return []
    const built = buildWhere(filter, floorMode(filter))
    const { order, needs } = buildOrder(filter)
    for (const t of needs) built.needs.add(t)
    const sql = `SELECT s.event_id FROM ${fromFor(built.needs)} ${built.where} ${order} LIMIT ? OFFSET ?`
    return this.prepare(sql).pluck(true).all(...built.params, limit, offset) as number[]
  }

  private rowsByIds(ids: readonly number[]): Finding[] {
    if (ids.length === 0) return []
    const byId = new Map<number, Finding>()
    for (const row of this.byIds.all(JSON.stringify(ids)) as RawRow[]) byId.set(row[0] as number, findingFromRow(row))
    return ids.map((id) => byId.get(id)).filter((f): f is Finding => f !== undefined)
  }

  private prepare(sql: string): Database.Statement {
    return this.statements.get(sql)
  }

  private dataVersion(): string {
    const changes = (this.version.get() as { changes: number }).changes
    return `${changes}:${this.db.pragma('data_version', { simple: true }) as number}`
  }

  /** The query plan of a page (for the bench and tests: which index answers it). */
  explain(filter: FindingsFilter): string[] {
    const built = buildWhere(filter, floorMode(filter))
    const { order, needs } = buildOrder(filter)
    for (const t of needs) built.needs.add(t)
    const sql = `EXPLAIN QUERY PLAN SELECT s.event_id FROM ${fromFor(built.needs)} ${built.where} ${order} LIMIT 100`
    return (this.db.prepare(sql).all(...built.params) as { detail: string }[]).map((r) => r.detail)
  }
}

/**
 * The query over a Store's own connection (the grid must see what the engine just wrote, and an
 * in-memory store has no second connection).
 */
export function findingsQueryOf(store: Store): FindingsQuery {
  // Store keeps its connection private; the query is part of the store folder and shares it.
  return new FindingsQuery(store.connection, () => store.syncFindingsText())
}
