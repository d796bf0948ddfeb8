/** Version, ATT&CK version and notice (required by the ATT&CK terms of use), connection state. */
import type { AppInfo } from '../../shared/api'
import type { ConnectionState } from '../transport/types'

export function Footer({ info, connection, host }: { info: AppInfo | null; connection: ConnectionState; host: 'electron' | 'browser' }) {
  return (
    <footer className="footer">
      <span className={`conn conn-${connection}`} title={connection}>
        <span className="dot" aria-hidden="true" />
        {host === 'browser' ? `vigil serve · ${connection}` : 'desktop'}
      </span>
      <span>Vigil {info?.version ?? ''}</span>
      {info && <span>MITRE ATT&amp;CK® v{info.attackVersion}</span>}
      <span className="notice" data-testid="attack-notice">
        {info?.attackNotice ?? ''}
      </span>
    </footer>
  )
}
