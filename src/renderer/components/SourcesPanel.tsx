/**
 * The files behind the findings, one row each: status (watching, rotated, unreadable with the
 * reason, skipped with the reason, deleted, ...), how far it is read (offset), lines, events,
 * unparsed lines, newest event. A file skipped as a decompression bomb offers to read it up to
 * the cap.
 */
import { assertNever } from '../../shared/result'
import { isSkippedBomb, type FileProblem, type SourceFile, type SourceStatus } from '../../shared/sources'
import { formatBytes, formatCount, formatTime } from '../lib/format'
import { OpenRoots } from './OpenRoots'

const COLUMNS = 9

/** How a row looks: a file that cannot be read stands out, one that is gone or not a log recedes. */
function rowClass(status: SourceStatus): string | undefined {
  switch (status) {
    case 'unreadable':
      return 'problem'
    case 'deleted':
    case 'skipped':
      return 'gone'
    case 'scanned':
    case 'watching':
    case 'rotated':
      return undefined
    default:
      return assertNever(status)
  }
}

export function SourcesPanel({
  sources,
  problems,
  onReadCapped,
  roots = [],
  onCloseRoot,
}: {
  sources: SourceFile[]
  problems: FileProblem[]
  /** Reads a skipped decompression bomb up to the cap. */
  onReadCapped?: (file: SourceFile) => void
  /** The case's open folders (the summary's roots). */
  roots?: readonly string[]
  /** Closes an open folder (after the analyst confirmed). */
  onCloseRoot?: (root: string) => void
}) {
  return (
    <section className="sources" aria-label="Sources" data-testid="sources-panel">
      {onCloseRoot !== undefined && <OpenRoots roots={roots} sources={sources} onClose={onCloseRoot} />}
      <table>
        <thead>
          <tr>
            <th>File</th>
            <th>Format</th>
            <th>Status</th>
            <th className="num">Offset</th>
            <th className="num">Lines</th>
            <th className="num">Events</th>
            <th className="num">Unparsed</th>
            <th>Last event</th>
            <th>Details</th>
          </tr>
        </thead>
        <tbody>
          {sources.map((s) => (
            <tr key={`${s.root}\u0000${s.path}`} className={rowClass(s.status)} data-path={s.path} data-status={s.status}>
              <td className="mono" title={`${s.root}/${s.path}`}>
                {s.path}
              </td>
              <td>{s.format}</td>
              <td>
                <span className={`source-status source-${s.status}`} title={s.message ?? undefined}>
                  {s.status}
                </span>
              </td>
              <td className="num mono" title={`${formatCount(s.offset)} bytes read`} data-testid="source-offset">
                {formatBytes(s.offset)}
              </td>
              <td className="num">{formatCount(s.lines)}</td>
              <td className="num">{formatCount(s.events)}</td>
              <td className={s.unparsed > 0 ? 'num warn' : 'num'}>{formatCount(s.unparsed)}</td>
              <td className="mono">{s.lastEventTs === null ? '' : formatTime(s.lastEventTs)}</td>
              <td>
                {s.message ?? ''}
                {onReadCapped !== undefined && isSkippedBomb(s) && (
                  <button type="button" className="source-action" data-testid="read-capped" onClick={() => onReadCapped(s)}>
                    Read up to the cap
                  </button>
                )}
              </td>
            </tr>
          ))}
          {problems
            .filter((p) => !sources.some((s) => s.path === p.file && s.message))
            .map((p) => (
              <tr key={`problem:${p.file}:${p.code}`} className="problem" data-path={p.file} data-status={p.code === 'no_logs' ? 'no_logs' : 'unreadable'}>
                <td className="mono">{p.file}</td>
                <td />
                <td>
                  <span className="source-status source-unreadable">{p.code}</span>
                </td>
                <td />
                <td />
                <td />
                <td />
                <td />
                <td>{p.message}</td>
              </tr>
            ))}
          {sources.length === 0 && problems.length === 0 && (
            <tr>
              <td colSpan={COLUMNS} className="dim">
                No folder open yet.
              </td>
            </tr>
          )}
        </tbody>
      </table>
    </section>
  )
}
