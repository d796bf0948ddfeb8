/**
 * The Sigma rules the engine runs (Sources area): the rule paths set here (one per line; kept in
 * the store), those given by `--sigma` and the folders' `.vigil.json` (read-only here), and every
 * rule document loaded or skipped with the reason.
 */
import { useEffect, useState } from 'react'
import type { SigmaRulesInfo } from '../../shared/sigma'
import type { UiClient } from '../transport/types'

export function SigmaRulesPanel({ client, onError }: { client: UiClient; onError: (message: string) => void }) {
  const [info, setInfo] = useState<SigmaRulesInfo | null>(null)
  const [draft, setDraft] = useState('')
  const [busy, setBusy] = useState(false)

  useEffect(() => {
    let current = true
    client.call('sigma.rules', {}).then(
      (i) => {
        if (!current) return
        setInfo(i)
        setDraft(i.paths.user.join('\n'))
      },
      (e: unknown) => current && onError(e instanceof Error ? e.message : String(e)),
    )
    return () => {
      current = false
    }
  }, [client, onError])

  const apply = (): void => {
    const paths = draft
      .split('\n')
      .map((p) => p.trim())
      .filter((p) => p !== '')
    setBusy(true)
    client.call('sigma.setPaths', { paths }).then(
      (i) => {
        setInfo(i)
        setBusy(false)
      },
      (e: unknown) => {
        setBusy(false)
        onError(e instanceof Error ? e.message : String(e))
      },
    )
  }

  const loaded = info?.rules.filter((r) => r.status === 'loaded').length ?? 0
  const skipped = (info?.rules.length ?? 0) - loaded
  const fixed = info ? [...info.paths.cli.map((p) => `${p} (--sigma)`), ...info.paths.folders.map((p) => `${p} (.vigil.json)`)] : []
  return (
    <section className="sources sigma-panel" aria-label="Sigma rules" data-testid="sigma-panel">
      <h3>
        Sigma rules <span className="dim">{info ? `${loaded} loaded, ${skipped} skipped` : 'loading…'}</span>
      </h3>
      {fixed.length > 0 && (
        <ul className="dim mono">
          {fixed.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      )}
      <label>
        Rule files or folders, one per line
        <textarea className="mono" rows={3} value={draft} onChange={(e) => setDraft(e.target.value)} data-testid="sigma-paths" spellCheck={false} />
      </label>
      <button type="button" onClick={apply} disabled={busy || info === null} data-testid="sigma-apply">
        {busy ? 'Loading and rescoring…' : 'Load rules'}
      </button>
      {info?.problems.map((p) => (
        <p key={p} className="warn">
          {p}
        </p>
      ))}
      {info && info.rules.length > 0 && (
        <table>
          <thead>
            <tr>
              <th>Status</th>
              <th>Rule</th>
              <th>File</th>
              <th>Level or reason</th>
            </tr>
          </thead>
          <tbody>
            {info.rules.map((r) => (
              <tr key={`${r.path}:${r.line}`} className={r.status === 'skipped' ? 'gone' : undefined} data-status={r.status}>
                <td>{r.status}</td>
                <td title={r.id ?? undefined}>{r.title ?? '(no title)'}</td>
                <td className="mono">{`${r.path}:${r.line}`}</td>
                <td>{r.status === 'loaded' ? `${r.kind === 'correlation' ? 'correlation, ' : ''}${r.level ?? ''}` : r.reason}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  )
}
