/**
 * The case's open folders, each with a "Close folder" button. Closing asks first, since the
 * folder's events, scores and triage leave the case (the files on disk are not touched).
 */
import { useState } from 'react'
import type { SourceFile } from '../../shared/sources'
import { formatCount } from '../lib/format'

export function OpenRoots({ roots, sources, onClose }: { roots: readonly string[]; sources: readonly SourceFile[]; onClose: (root: string) => void }) {
  const [asking, setAsking] = useState<string | null>(null)
  if (roots.length === 0) return null
  const eventsOf = (root: string): number => sources.reduce((n, s) => (s.root === root ? n + s.events : n), 0)
  return (
    <ul className="open-roots" aria-label="Open folders" data-testid="open-roots">
      {roots.map((root) => (
        <li key={root} data-root={root}>
          <span className="mono">{root}</span>
          {asking === root ? (
            <span role="alertdialog" aria-label={`Close ${root}?`} data-testid="close-folder-confirm">
              {' '}
              Close this folder? Its {formatCount(eventsOf(root))} events, their scores and triage leave this case; the rest is scored again.{' '}
              <button
                type="button"
                className="primary"
                onClick={() => {
                  setAsking(null)
                  onClose(root)
                }}
              >
                Close folder
              </button>
              <button type="button" onClick={() => setAsking(null)}>
                Cancel
              </button>
            </span>
          ) : (
            <button type="button" className="source-action" data-testid="close-folder" onClick={() => setAsking(root)}>
              Close folder
            </button>
          )}
        </li>
      ))}
    </ul>
  )
}
