/** Each detector's own score as a small bar chart. */
import { DETECTORS, type Finding } from '../../shared/finding'

const LABELS: Record<(typeof DETECTORS)[number], string> = {
  iforest: 'Isolation forest',
  autoencoder: 'Autoencoder',
  statistical: 'Statistical',
  rules: 'Threat rules',
}

export function DetectorScores({ scores }: { scores: Finding['detector_scores'] }) {
  const present = DETECTORS.filter((d) => scores[d] !== undefined)
  if (present.length === 0) return <p className="dim">No detector scores.</p>
  return (
    <table className="detectors">
      <tbody>
        {present.map((d) => {
          const s = scores[d] ?? 0
          return (
            <tr key={d}>
              <th scope="row">{LABELS[d]}</th>
              <td className="bar-cell">
                <span className="bar" style={{ width: `${Math.round(Math.min(1, Math.max(0, s)) * 100)}%` }} />
              </td>
              <td className="num mono">{s.toFixed(2)}</td>
            </tr>
          )
        })}
      </tbody>
    </table>
  )
}
