/**
 * The open line's colour (a small palette) and tags (words), saved through `triage.set`. The
 * colour tints the line's row in the grid; both are filterable in the Tags column and exported.
 */
import { useState } from 'react'
import type { Finding } from '../../shared/finding'
import { TAG_COLORS, parseTags, type TagColor } from '../../shared/tags'

export interface TagEditorProps {
  finding: Finding
  onSave: (change: { tags?: string[]; color?: TagColor | null }) => Promise<void>
}

export function ColorPalette({ value, disabled, onPick }: { value: TagColor | null; disabled?: boolean; onPick: (color: TagColor | null) => void }) {
  return (
    <span className="palette" role="group" aria-label="Colour">
      {TAG_COLORS.map((c) => (
        <button
          key={c}
          type="button"
          className={`swatch color-${c}`}
          aria-label={`Colour ${c}`}
          aria-pressed={value === c}
          title={c}
          disabled={disabled}
          onClick={() => onPick(value === c ? null : c)}
        />
      ))}
      <button type="button" className="swatch swatch-none" aria-label="No colour" aria-pressed={value === null} title="No colour" disabled={disabled} onClick={() => onPick(null)}>
        ×
      </button>
    </span>
  )
}

export function TagEditor({ finding, onSave }: TagEditorProps) {
  const stored = (finding.tags ?? []).join(' ')
  const [text, setText] = useState(stored)
  const [storedText, setStoredText] = useState(stored)
  const [saving, setSaving] = useState(false)
  // Tags changed elsewhere (another window, a bulk mark): show them.
  if (stored !== storedText) {
    setStoredText(stored)
    setText(stored)
  }
  const save = async (change: { tags?: string[]; color?: TagColor | null }): Promise<void> => {
    setSaving(true)
    try {
      await onSave(change)
    } finally {
      setSaving(false)
    }
  }
  const typed = parseTags(text)
  return (
    <div className="tag-editor">
      <ColorPalette value={finding.color ?? null} disabled={saving} onPick={(color) => void save({ color })} />
      <div className="tag-row">
        <input
          type="text"
          aria-label="Tags"
          placeholder="Tags, e.g. c2 beacon"
          value={text}
          spellCheck={false}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') void save({ tags: typed })
          }}
        />
        <button type="button" disabled={saving || typed.join(' ') === stored} onClick={() => void save({ tags: typed })}>
          Save tags
        </button>
      </div>
    </div>
  )
}
