/** The rollups' running totals as a test reads them, and what a fresh GROUP BY over the store gives. */
import { PIVOTS_STALE_KEY, REFILL_PIVOTS } from '../../../src/engine/store/pivots'
import { REFILL_ROLLUPS } from '../../../src/engine/store/rollups'
import type { Store } from '../../../src/engine/store/Store'

export const ROLLUP_TABLES = [
  'rollup_minutes',
  'rollup_hours',
  'rollup_scores',
  'rollup_facets',
  'pivot_counts',
  'pivot_quarters',
  'pivot_scores',
  'pivot_facets',
] as const

type Db = { prepare(sql: string): { all(...params: unknown[]): unknown[]; get(...params: unknown[]): unknown }; exec(sql: string): void }
export const dbOf = (store: Store): Db => store['db'] as unknown as Db

/** Whether the pivot totals wait for a refill (a bulk load that built no index: pivots.ts). */
export const pivotsStale = (store: Store): boolean => dbOf(store).prepare('SELECT 1 FROM settings WHERE key = ?').get(PIVOTS_STALE_KEY) !== undefined

/** Every row of every rollup table, in key order (the pivot tables only while they are current). */
export function totals(store: Store): Record<string, unknown[]> {
  const db = dbOf(store)
  const tables = pivotsStale(store) ? ROLLUP_TABLES.filter((t) => !t.startsWith('pivot_')) : ROLLUP_TABLES
  const orderOf = (t: string): string => (db.prepare(`SELECT name FROM pragma_table_info('${t}')`).all() as { name: string }[]).map((_, i) => i + 1).join(', ')
  return Object.fromEntries(tables.map((t) => [t, db.prepare(`SELECT * FROM ${t} ORDER BY ${orderOf(t)}`).all()]))
}

/** The running totals, and what a fresh GROUP BY over the store gives (the totals are restored after). */
export function totalsAndFresh(store: Store): { running: Record<string, unknown[]>; fresh: Record<string, unknown[]> } {
  const running = totals(store)
  const db = dbOf(store)
  const stale = pivotsStale(store)
  db.exec('SAVEPOINT fresh')
  db.exec(REFILL_ROLLUPS)
  db.exec(REFILL_PIVOTS)
  const fresh = totals(store)
  if (stale) for (const t of ROLLUP_TABLES) if (t.startsWith('pivot_')) delete fresh[t]
  db.exec('ROLLBACK TO fresh; RELEASE fresh')
  return { running, fresh }
}

/** No rows in any table totals() reads (the pivot tables too unless they wait for a refill). */
export const noTotals = (store: Store): Record<string, unknown[]> =>
  Object.fromEntries(ROLLUP_TABLES.filter((t) => !pivotsStale(store) || !t.startsWith('pivot_')).map((t) => [t, []]))
