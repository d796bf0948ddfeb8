/** The files behind the findings: status, lines, unparsed lines, and why a file could not be read. */
import type { FileProblem, SourceFile } from '../../shared/sources'
import { formatCount, formatLocalTime } from '../lib/format'

export function SourcesPanel({ sources, problems }: { sources: SourceFile[]; problems: FileProblem[] }) {
  return (
    <section className="sources" aria-label="Sources" data-testid="sources-panel">
      <table>
        <thead>
          <tr>
            <th>File</th>
            <th>Format</th>
            <th>Status</th>
            <th className="num">Lines</th>
            <th className="num">Events</th>
            <th className="num">Unparsed</th>
            <th>Newest event</th>
            <th>Problem</th>
          </tr>
        </thead>
        <tbody>
          {sources.map((s) => (
            <tr key={`${s.root}\u0000${s.path}`} className={s.message ? 'problem' : undefined}>
              <td className="mono" title={`${s.root}/${s.path}`}>
                {s.path}
              </td>
              <td>{s.format}</td>
              <td>
                <span className={`source-status source-${s.status}`}>{s.status}</span>
              </td>
              <td className="num">{formatCount(s.lines)}</td>
              <td className="num">{formatCount(s.events)}</td>
              <td className={s.unparsed > 0 ? 'num warn' : 'num'}>{formatCount(s.unparsed)}</td>
              <td className="mono">{s.lastEventTs === null ? '' : formatLocalTime(s.lastEventTs)}</td>
              <td>{s.message ?? ''}</td>
            </tr>
          ))}
          {problems
            .filter((p) => !sources.some((s) => s.path === p.file && s.message))
            .map((p) => (
              <tr key={`problem:${p.file}:${p.code}`} className="problem">
                <td className="mono">{p.file}</td>
                <td />
                <td>
                  <span className="source-status source-unreadable">{p.code}</span>
                </td>
                <td />
                <td />
                <td />
                <td />
                <td>{p.message}</td>
              </tr>
            ))}
          {sources.length === 0 && problems.length === 0 && (
            <tr>
              <td colSpan={8} className="dim">
                No folder open yet.
              </td>
            </tr>
          )}
        </tbody>
      </table>
    </section>
  )
}
