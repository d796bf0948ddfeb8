/** The rollups' running totals as a test reads them, and what a fresh GROUP BY over the store gives. */
import { REFILL_ROLLUPS } from '../../../src/engine/store/rollups'
import type { Store } from '../../../src/engine/store/Store'

export const ROLLUP_TABLES = ['rollup_minutes', 'rollup_hours', 'rollup_scores', 'rollup_facets'] as const

type Db = { prepare(sql: string): { all(...params: unknown[]): unknown[]; get(...params: unknown[]): unknown }; exec(sql: string): void }
export const dbOf = (store: Store): Db => store['db'] as unknown as Db

/** Every row of every rollup table, in key order. */
export function totals(store: Store): Record<string, unknown[]> {
  const db = dbOf(store)
  return Object.fromEntries(ROLLUP_TABLES.map((t) => [t, db.prepare(`SELECT * FROM ${t} ORDER BY 1, 2, 3`).all()]))
}

/** The running totals, and what a fresh GROUP BY over the store gives (the totals are restored after). */
export function totalsAndFresh(store: Store): { running: Record<string, unknown[]>; fresh: Record<string, unknown[]> } {
  const running = totals(store)
  const db = dbOf(store)
  db.exec('SAVEPOINT fresh')
  db.exec(REFILL_ROLLUPS)
  const fresh = totals(store)
  db.exec('ROLLBACK TO fresh; RELEASE fresh')
  return { running, fresh }
}
