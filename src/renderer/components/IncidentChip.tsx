/** The incident the lines grid is narrowed to, above the grid; ✕ shows every line again. */
import type { IncidentRef } from '../../shared/incident'

export function IncidentChip({ incident, onClear }: { incident: IncidentRef; onClear: () => void }) {
  return (
    <div className="incident-filter-bar">
      <span className="incident-chip" data-testid="incident-filter" title={`${incident.threat_type}: ${incident.reason}`}>
        <span className="incident-chip-label">Incident:</span>
        <span className="incident-chip-threat">{incident.threat_type}</span>
        <span className="incident-chip-reason">— {incident.reason}</span>
        <button type="button" className="icon-button" aria-label="Show every line (clear the incident filter)" onClick={onClear}>
          ✕
        </button>
      </span>
    </div>
  )
}
