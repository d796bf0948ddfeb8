/** ATT&CK techniques of a finding: id, name, tactics and a link to attack.mitre.org. */
import { ATTACK_HOST, type TechniqueInfo } from '../../shared/mitre'

/** Only https links to the ATT&CK site are rendered as links. */
function safeAttackUrl(url: string): string | null {
  try {
    const u = new URL(url)
    return u.protocol === 'https:' && u.hostname === ATTACK_HOST ? u.href : null
  } catch {
    return null
  }
}

export function AttackTechniques({ techniques, ids, version }: { techniques: TechniqueInfo[]; ids: string[]; version: string }) {
  if (ids.length === 0) return <p className="dim">No ATT&amp;CK technique mapped.</p>
  const known = new Map(techniques.map((t) => [t.id, t]))
  return (
    <ul className="techniques">
      {ids.map((id) => {
        const t = known.get(id)
        const href = t ? safeAttackUrl(t.url) : null
        return (
          <li key={id}>
            <div className="technique-head">
              <span className="technique-id mono">{id}</span>
              <span className="technique-name">{t?.name ?? 'Unknown technique'}</span>
            </div>
            <div className="technique-meta">
              {t && t.tactics.length > 0 && <span className="tactic">{t.tactics.join(' · ')}</span>}
              {href && (
                // In Electron the window-open handler sends this to the system browser (allowlisted host).
                <a href={href} target="_blank" rel="noopener noreferrer">
                  attack.mitre.org ↗
                </a>
              )}
              <span className="dim">ATT&amp;CK v{version}</span>
            </div>
          </li>
        )
      })}
    </ul>
  )
}
