/** Status and note of one finding; each change is saved through `triage.set`. */
import { useState } from 'react'
import { TRIAGE_STATUSES, type Finding, type TriageStatus } from '../../shared/finding'
import { formatTime, humanize } from '../lib/format'

export interface TriageEditorProps {
  finding: Finding
  onSave: (change: { status?: TriageStatus; note?: string }) => Promise<void>
}

export function TriageEditor({ finding, onSave }: TriageEditorProps) {
  const [note, setNote] = useState(finding.note)
  const [saving, setSaving] = useState(false)
  const [savedAt, setSavedAt] = useState<string | null>(null)

  // The stored note changed (saved here or in another window): show it. The parent keys this
  // component by finding id, so another finding starts with fresh state.
  const [storedNote, setStoredNote] = useState(finding.note)
  if (finding.note !== storedNote) {
    setStoredNote(finding.note)
    setNote(finding.note)
  }

  const save = async (change: { status?: TriageStatus; note?: string }): Promise<void> => {
    setSaving(true)
    try {
      await onSave(change)
      setSavedAt(formatTime(Date.now()))
    } finally {
      setSaving(false)
    }
  }

  return (
    <div className="triage">
      <label className="field-label" htmlFor="triage-status">
        Status
      </label>
      <select
        id="triage-status"
        aria-label="Triage status"
        value={finding.status}
        disabled={saving}
        onChange={(e) => void save({ status: e.target.value as TriageStatus })}
      >
        {TRIAGE_STATUSES.map((s) => (
          <option key={s} value={s}>
            {humanize(s)}
          </option>
        ))}
      </select>
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
