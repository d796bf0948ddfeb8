/** The message over an empty grid (scanning, nothing found, nothing matches), with a spinner while a scan runs. */
import type { EventPayloads } from '../../shared/api'
import { formatCount } from '../lib/format'

/** What the overlay says while a folder is read. */
export function readingLogs(progress: EventPayloads['ingest.progress']): string {
  return `Reading logs: ${progress.phase} · ${formatCount(progress.filesDone)}/${formatCount(progress.filesTotal)} files · ${formatCount(progress.events)} events`
}

export function GridOverlay({ message, scanning }: { message: string | null; scanning: boolean }) {
  if (!message) return null
  return (
    <div className="grid-overlay" role="status" data-testid="grid-overlay">
      <span className="grid-overlay-box">
        {scanning && <span className="spinner" aria-hidden="true" />}
        {message}
      </span>
    </div>
  )
}
