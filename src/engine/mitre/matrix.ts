/**
 * The ATT&CK matrix of a set of technique counts: the 14 tactics of the bundled catalogue as
 * columns, each seen technique or sub-technique as a cell under every tactic it belongs to,
 * strongest first; with `all`, the catalogue's other (parent) techniques follow, unseen.
 */
import type { TechniqueCount } from '../../shared/insights'
import type { AttackMatrix, MatrixCell, MatrixTactic } from '../../shared/matrix'
import { ATTACK_VERSION, catalogueTechniques, tactics, techniqueFullName } from './catalogue'

export function attackMatrix(counts: readonly TechniqueCount[], all = false): AttackMatrix {
  const seen = new Map(counts.map((c) => [c.id, c]))
  const columns = new Map<string, MatrixTactic>(tactics().map((t) => [t.id, { ...t, cells: [] as MatrixCell[] }]))
  const unseen = new Map<string, MatrixCell[]>()
  let seenCount = 0
  for (const t of catalogueTechniques()) {
    const c = seen.get(t.id)
    if (c) seenCount++
    if (!c && (!all || t.parent !== undefined)) continue
    const cell: MatrixCell = {
      id: t.id,
      name: techniqueFullName(t.id) ?? t.name,
      count: c?.count ?? 0,
      severity: c?.severity ?? null,
      topReason: c?.topReason ?? '',
    }
    for (const tacticId of t.tacticIds) {
      if (c) columns.get(tacticId)?.cells.push(cell)
      else unseen.set(tacticId, [...(unseen.get(tacticId) ?? []), cell])
    }
  }
  for (const [id, col] of columns) {
    col.cells.sort((a, b) => b.count - a.count || a.id.localeCompare(b.id))
    col.cells.push(...(unseen.get(id) ?? []).sort((a, b) => a.name.localeCompare(b.name)))
  }
  return { attackVersion: ATTACK_VERSION, tactics: [...columns.values()], seen: seenCount }
}
