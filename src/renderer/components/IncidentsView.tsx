/**
 * The incidents view: the triage bar (mark the selected incidents, every line at once, through
 * `incidents.triage`), a note when the lines grid's column filters narrow the list too, and the
 * incidents grid.
 */
import type { GridApi } from 'ag-grid-community'
import { useEffect, useRef, useState } from 'react'
import { TRIAGE_STATUSES, type TriageStatus } from '../../shared/finding'
import type { Incident, IncidentKey } from '../../shared/incident'
import { formatCount, humanize } from '../lib/format'
import { incidentKeyOf } from '../lib/incidents'
import { stepStatus, type StatusRequest } from '../lib/keyboard'
import type { IncidentsFeed } from '../hooks/useIncidents'
import type { UiClient } from '../transport/types'
import { IncidentsGrid } from './IncidentsGrid'
import type { Progress } from './SummaryBar'

export interface IncidentsViewProps {
  client: UiClient
  feed: IncidentsFeed
  /** The incident the lines view is narrowed to (marked in the list). */
  current: IncidentKey | null
  /** The quick filter is being typed: the list is about to change. */
  pending: boolean
  /** Scan progress, shown over an empty list while a folder is read. */
  progress: Progress | null
  /** Headers of the lines grid's filtered columns (they narrow the incidents as well). */
  columnFilters: string[]
  onClearColumnFilters: () => void
  onOpen: (incident: Incident) => void
  /** After a triage: what was done, for the banner. */
  onTriaged: (message: string) => void
  onError: (message: string) => void
  /** A right-click on an incident's cell (pivots from its hosts, users, addresses). */
  onCellMenu?: (colId: string, incident: Incident, x: number, y: number) => void
  /** `s` / Shift+S: the ticked incidents take the status after (before) the first one's. */
  statusRequest?: StatusRequest
}

/** The triage choices in the order an analyst reaches for them; `new` undoes a triage. */
const MARKS: TriageStatus[] = [...TRIAGE_STATUSES.filter((s) => s !== 'new'), 'new']

const plural = (n: number, one: string, many: string): string => `${formatCount(n)} ${n === 1 ? one : many}`

export function IncidentsView(props: IncidentsViewProps) {
  const { client, feed, columnFilters, onClearColumnFilters, onOpen, onTriaged, onError } = props
  const [api, setApi] = useState<GridApi<Incident> | null>(null)
  const [selected, setSelected] = useState<Incident[]>([])
  const [saving, setSaving] = useState(false)

  const mark = async (status: TriageStatus): Promise<void> => {
    // The rows as the grid holds them now (a reload may have changed their counts since the click).
    const incidents = api?.getSelectedRows() ?? selected
    if (incidents.length === 0) return
    setSaving(true)
    try {
      let updated = 0
      // One at a time: each is one transaction in the engine, and the first failure stops the rest.
      for (const incident of incidents) {
        updated += (await client.call('incidents.triage', { ...incidentKeyOf(incident), status })).updated
      }
      onTriaged(`Marked ${plural(incidents.length, 'incident', 'incidents')} (${plural(updated, 'line', 'lines')}) as ${humanize(status)}.`)
    } catch (e) {
      onError(e instanceof Error ? e.message : String(e))
    } finally {
      setSaving(false)
      feed.reload()
    }
  }

  // Each press once (a press made before this view was shown is not for it).
  const handled = useRef(props.statusRequest?.n ?? 0)
  const latest = useRef({ mark, first: selected[0] as Incident | undefined, saving })
  useEffect(() => {
    latest.current = { mark, first: api?.getSelectedRows()[0] ?? selected[0], saving }
  })
  const request = props.statusRequest
  useEffect(() => {
    if (!request || request.n === handled.current) return
    handled.current = request.n
    const { mark: apply, first, saving: busy } = latest.current
    // A mixed incident steps from new, as one never triaged.
    if (first && !busy) void apply(stepStatus(first.status === 'mixed' ? 'new' : first.status, request.step))
  }, [request])

  const lines = selected.reduce((n, i) => n + i.lines, 0)
  return (
    <>
      <div className="incidents-bar" role="group" aria-label="Incident triage">
        {selected.length > 0 ? (
          <>
            <span className="incidents-selected" data-testid="incidents-selected">
              {plural(selected.length, 'incident', 'incidents')} selected · {plural(lines, 'line', 'lines')}
            </span>
            <label className="field-label" htmlFor="incident-mark">
              Mark incident as
            </label>
            <select
              id="incident-mark"
              aria-label="Mark incident as"
              value=""
              disabled={saving}
              onChange={(e) => {
                if (e.target.value !== '') void mark(e.target.value as TriageStatus)
              }}
            >
              <option value="" disabled>
                {saving ? 'Saving…' : 'Choose a status…'}
              </option>
              {MARKS.map((s) => (
                <option key={s} value={s}>
                  {humanize(s)}
                </option>
              ))}
            </select>
          </>
        ) : (
          <span className="dim">Click an incident to open its lines; tick incidents to triage all their lines at once.</span>
        )}
        <span className="spacer" />
        {columnFilters.length > 0 && (
          <span className="incidents-note" data-testid="incidents-column-filters">
            Also filtered by the Lines view's columns: {columnFilters.join(', ')}
            <button type="button" onClick={onClearColumnFilters}>
              Clear column filters
            </button>
          </span>
        )}
      </div>
      <IncidentsGrid
        incidents={feed.incidents}
        current={props.current}
        loading={feed.loading || props.pending}
        progress={props.progress}
        answered={feed.answered}
        onOpen={onOpen}
        onSelect={setSelected}
        onReady={setApi}
        onCellMenu={props.onCellMenu}
      />
    </>
  )
}
