/**
 * The ATT&CK view: the 14 Enterprise tactics as columns, the techniques and sub-techniques the
 * current filter's findings name as cells (count, colour of the highest severity, the commonest
 * reason as the tooltip); a toggle adds the rest of the catalogue, greyed. A cell opens the lines
 * of that technique. Export Navigator layer writes the same counts for ATT&CK Navigator.
 */
import { useEffect, useState } from 'react'
import type { FindingsFilter } from '../../../shared/api'
import { SEVERITY_COLORS } from '../../../shared/charts'
import type { AttackMatrix as Matrix } from '../../../shared/matrix'
import { downloadText } from '../../lib/download'
import type { UiClient } from '../../transport/types'

export interface AttackMatrixProps {
  client: UiClient
  filter: FindingsFilter
  version: unknown
  onTechnique: (id: string) => void
  onNotice: (message: string) => void
  onError: (message: string) => void
}

export function AttackMatrix({ client, filter, version, onTechnique, onNotice, onError }: AttackMatrixProps) {
  const [all, setAll] = useState(false)
  const [matrix, setMatrix] = useState<Matrix | null>(null)
  const key = JSON.stringify({ ...filter, sortModel: undefined })
  useEffect(() => {
    let live = true
    client.call('insights.matrix', { ...(JSON.parse(key) as FindingsFilter), all }).then(
      (m) => live && setMatrix(m),
      (e: unknown) => onError(e instanceof Error ? e.message : String(e)),
    )
    return () => {
      live = false
    }
  }, [client, key, all, version, onError])

  const exportLayer = async (): Promise<void> => {
    try {
      const layer = await client.call('export.navigator', JSON.parse(key) as FindingsFilter)
      downloadText(layer.filename, layer.json, 'application/json')
      onNotice(`Exported ${layer.techniques} techniques to ${layer.filename} (open it in ATT&CK Navigator).`)
    } catch (e) {
      onError(e instanceof Error ? e.message : String(e))
    }
  }

  return (
    <div className="attack-view" data-testid="attack-matrix" aria-busy={matrix === null}>
      <div className="attack-head">
        <span>
          {matrix ? `${matrix.seen} techniques seen · ATT&CK Enterprise v${matrix.attackVersion}` : 'Loading…'}
        </span>
        <label>
          <input type="checkbox" checked={all} onChange={(e) => setAll(e.target.checked)} /> Show the whole catalogue
        </label>
        <button type="button" onClick={() => void exportLayer()} data-testid="export-navigator">
          Export Navigator layer
        </button>
      </div>
      {matrix && (
        <div className="attack-matrix">
          {matrix.tactics.map((t) => (
            <div key={t.id} className="attack-tactic" data-tactic={t.shortname}>
              <h4 title={t.id}>{t.name}</h4>
              {t.cells.map((c) =>
                c.severity ? (
                  <button
                    key={c.id}
                    type="button"
                    className="attack-cell"
                    data-technique={c.id}
                    data-count={c.count}
                    style={{ background: SEVERITY_COLORS[c.severity] }}
                    title={`${c.id} ${c.name}: ${c.count} findings, highest ${c.severity}. ${c.topReason}`}
                    onClick={() => onTechnique(c.id)}
                  >
                    <b>{c.id}</b> {c.name}
                    <span className="attack-count">{c.count.toLocaleString('en-US')}</span>
                  </button>
                ) : (
                  <div key={c.id} className="attack-cell unseen" title={`${c.id} ${c.name}: not seen`}>
                    <b>{c.id}</b> {c.name}
                  </div>
                ),
              )}
            </div>
          ))}
        </div>
      )}
    </div>
  )
}
