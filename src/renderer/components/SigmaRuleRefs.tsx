/** The Sigma rules that reported on a finding: title, level, id, and the rule's file to open or copy. */
import type { SigmaRuleRef } from '../../shared/sigma'

export function SigmaRuleRefs({ ids, refs }: { ids: readonly string[]; refs: readonly SigmaRuleRef[] }) {
  const byId = new Map(refs.map((r) => [r.id, r]))
  return (
    <ul className="sigma-rules" data-testid="sigma-rules">
      {ids.map((id) => {
        const r = byId.get(id)
        const where = r ? `${r.path}:${r.line}` : null
        return (
          <li key={id}>
            <div>
              <span className="technique-name">{r?.title ?? 'Rule no longer loaded'}</span> {r && <span className="dim">({r.level})</span>}
            </div>
            <div className="mono dim">{id}</div>
            {where && (
              <div className="sigma-path">
                {/* A read-only field: the analyst selects or copies the path into an editor. */}
                <input className="mono" readOnly value={where} aria-label={`File of Sigma rule ${id}`} onFocus={(e) => e.currentTarget.select()} />
                <button type="button" onClick={() => void navigator.clipboard?.writeText(where)}>
                  Copy path
                </button>
              </div>
            )}
          </li>
        )
      })}
    </ul>
  )
}
