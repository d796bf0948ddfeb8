/** Status and note of one finding; each change is saved through `triage.set`. */
import { useEffect, useRef, useState } from 'react'
import { TRIAGE_STATUSES, type Finding, type TriageStatus } from '../../shared/finding'
import { formatTime, humanize } from '../lib/format'
import { stepStatus, type StatusRequest } from '../lib/keyboard'

export interface TriageEditorProps {
  finding: Finding
  onSave: (change: { status?: TriageStatus; note?: string }) => Promise<void>
  /**
   * Marks every line of the finding's incident. Given when the finding is one line of a bigger
   * incident: a new status then asks "this line or the whole incident".
   */
  onSaveIncident?: (status: TriageStatus) => Promise<void>
  /** `s` / Shift+S pressed: the next / previous status is chosen as if picked in the list. */
  statusRequest?: StatusRequest
}

export function TriageEditor({ finding, onSave, onSaveIncident, statusRequest }: TriageEditorProps) {
  const [note, setNote] = useState(finding.note)
  // A status chosen for a line of an incident, waiting for "this line / the whole incident".
  const [asking, setAsking] = useState<TriageStatus | null>(null)
  const [saving, setSaving] = useState(false)
  const [savedAt, setSavedAt] = useState<string | null>(null)

  // The stored note changed (saved here or in another window): show it. The parent keys this
  // component by finding id, so another finding starts with fresh state.
  const [storedNote, setStoredNote] = useState(finding.note)
  if (finding.note !== storedNote) {
    setStoredNote(finding.note)
    setNote(finding.note)
  }

  const save = async (change: { status?: TriageStatus; note?: string }, whole = false): Promise<void> => {
    setSaving(true)
    setAsking(null)
    try {
      if (whole && change.status && onSaveIncident) await onSaveIncident(change.status)
      else await onSave(change)
      setSavedAt(formatTime(Date.now()))
    } finally {
      setSaving(false)
    }
  }

  // A status picked in the list or from the keyboard: saved at once, or, for a line of an
  // incident, held for "this line / the whole incident".
  const choose = (status: TriageStatus): void => {
    if (onSaveIncident) setAsking(status === finding.status ? null : status)
    else void save({ status })
  }

  // Each press once: a press made before this finding was opened is not this finding's.
  const handled = useRef(statusRequest?.n ?? 0)
  const latest = useRef({ choose, current: asking ?? finding.status, saving })
  // Before the effect below (effects run in order): the press sees this render's state.
  useEffect(() => {
    latest.current = { choose, current: asking ?? finding.status, saving }
  })
  useEffect(() => {
    if (!statusRequest || statusRequest.n === handled.current) return
    handled.current = statusRequest.n
    const { choose: pick, current, saving: busy } = latest.current
    if (!busy) pick(stepStatus(current, statusRequest.step))
  }, [statusRequest])

  return (
    <div className="triage">
      <label className="field-label" htmlFor="triage-status">
        Status
      </label>
      <select
        id="triage-status"
        aria-label="Triage status"
        title="s: next status · Shift+S: previous"
        value={asking ?? finding.status}
        disabled={saving}
        onChange={(e) => choose(e.target.value as TriageStatus)}
      >
        {TRIAGE_STATUSES.map((s) => (
          <option key={s} value={s}>
            {humanize(s)}
          </option>
        ))}
      </select>
      {asking !== null && (
        <div className="triage-scope" role="group" aria-label="Apply the status to" data-testid="triage-scope">
          <span>Mark as {humanize(asking)}:</span>
          {/* Focused, so `s` then Enter marks this line; the whole incident takes a deliberate choice. */}
          <button type="button" autoFocus onClick={() => void save({ status: asking })}>
            This line
          </button>
          <button type="button" className="primary" onClick={() => void save({ status: asking }, true)}>
            The whole incident
          </button>
          <button type="button" className="icon-button" aria-label="Cancel" onClick={() => setAsking(null)}>
            ×
          </button>
        </div>
      )}
      <label className="field-label" htmlFor="triage-note">
        Note
      </label>
      <textarea
        id="triage-note"
        aria-label="Triage note"
        rows={3}
        maxLength={10_000}
        value={note}
        placeholder="What you found, ticket number, next step…"
        onChange={(e) => setNote(e.target.value)}
      />
      <div className="triage-actions">
        <button type="button" disabled={saving || note === finding.note} onClick={() => void save({ note })}>
          Save note
        </button>
        <span className="dim" aria-live="polite">
          {saving ? 'Saving…' : savedAt ? `Saved ${savedAt}` : ''}
        </span>
      </div>
    </div>
  )
}
