/**
 * Bulk triage of the lines selected with Ctrl/⌘- and Shift-click: one status, and optionally a
 * note, tags (added to each line's own) and a colour for all of them, through `triage.bulk`.
 * Shown only while more than one line is selected.
 */
import { useState } from 'react'
import { TRIAGE_STATUSES, type Finding, type TriageStatus } from '../../shared/finding'
import { parseTags, TAG_COLORS, type TagColor } from '../../shared/tags'
import { formatCount, humanize } from '../lib/format'
import type { UiClient } from '../transport/types'

export interface BulkTriageBarProps {
  client: UiClient
  selected: Finding[]
  /** After the engine answered: what was done, for the banner. */
  onDone: (message: string) => void
  onError: (message: string) => void
}

export function BulkTriageBar({ client, selected, onDone, onError }: BulkTriageBarProps) {
  const [status, setStatus] = useState<TriageStatus>('investigating')
  const [note, setNote] = useState('')
  const [tagText, setTagText] = useState('')
  // '' keeps each line's colour; 'none' clears it.
  const [color, setColor] = useState<TagColor | 'none' | ''>('')
  const [saving, setSaving] = useState(false)

  const apply = async (): Promise<void> => {
    setSaving(true)
    try {
      const addTags = parseTags(tagText)
      const change = {
        status,
        ...(note.trim() !== '' && { note }),
        ...(addTags.length > 0 && { addTags }),
        ...(color !== '' && { color: color === 'none' ? null : color }),
      }
      const { updated } = await client.call('triage.bulk', { ids: selected.map((f) => f.id), ...change })
      const extras = [change.note && 'a note', addTags.length > 0 && `tagged ${addTags.join(' ')}`].filter(Boolean).join(', ')
      onDone(`Marked ${formatCount(updated)} ${updated === 1 ? 'line' : 'lines'} as ${humanize(status)}${extras ? ` (${extras})` : ''}.`)
      setNote('')
      setTagText('')
    } catch (e) {
      onError(e instanceof Error ? e.message : String(e))
    } finally {
      setSaving(false)
    }
  }

  return (
    <div className="bulk-bar" role="group" aria-label="Bulk triage" data-testid="bulk-bar">
      <span className="bulk-count">{formatCount(selected.length)} lines selected</span>
      <select aria-label="Bulk status" value={status} disabled={saving} onChange={(e) => setStatus(e.target.value as TriageStatus)}>
        {TRIAGE_STATUSES.map((s) => (
          <option key={s} value={s}>
            {humanize(s)}
          </option>
        ))}
      </select>
      <select aria-label="Bulk colour" value={color} disabled={saving} onChange={(e) => setColor(e.target.value as TagColor | 'none' | '')}>
        <option value="">colour: keep</option>
        {TAG_COLORS.map((c) => (
          <option key={c} value={c}>
            {c}
          </option>
        ))}
        <option value="none">no colour</option>
      </select>
      <input
        type="text"
        className="bulk-tags"
        aria-label="Bulk tags"
        placeholder="Tags to add (c2 urgent)"
        maxLength={1_000}
        value={tagText}
        disabled={saving}
        onChange={(e) => setTagText(e.target.value)}
      />
      <input
        type="text"
        aria-label="Bulk note"
        placeholder="Note for all of them (optional)"
        maxLength={10_000}
        value={note}
        disabled={saving}
        onChange={(e) => setNote(e.target.value)}
      />
      <button type="button" className="primary" disabled={saving} onClick={() => void apply()}>
        {saving ? 'Saving…' : `Mark ${formatCount(selected.length)} lines`}
      </button>
    </div>
  )
}
