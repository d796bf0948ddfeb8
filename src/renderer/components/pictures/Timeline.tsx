/**
 * The timeline above both grids: events per bucket stacked by severity (the engine's
 * `insights.timeline` over the current filter, all time), linear or log. Dragging across it sets
 * the time range every view honours (snapped outward to whole buckets); a double-click clears it.
 */
import type { ECharts } from 'echarts'
import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import type { FindingsFilter } from '../../../shared/api'
import { bucketLabel, timelineChart } from '../../../shared/charts'
import type { Timeline as TimelineData } from '../../../shared/insights'
import type { UiClient } from '../../transport/types'
import { EChart } from './EChart'

export interface TimeRange {
  from: number
  to: number
}

export interface TimelineProps {
  client: UiClient
  /** The current filter (its own time range is ignored by the engine: the brush is drawn over all time). */
  filter: FindingsFilter
  range: TimeRange | null
  onRange: (range: TimeRange | null) => void
  /** Changes when the store does (a scan, live lines): the timeline is read again. */
  version: unknown
  onError: (message: string) => void
}

export function Timeline({ client, filter, range, onRange, version, onError }: TimelineProps) {
  const [data, setData] = useState<TimelineData | null>(null)
  const [scale, setScale] = useState<'linear' | 'log'>('linear')
  const key = JSON.stringify({ ...filter, from: undefined, to: undefined, sortModel: undefined })
  useEffect(() => {
    let live = true
    client.call('insights.timeline', JSON.parse(key) as FindingsFilter).then(
      (t) => live && setData(t),
      (e: unknown) => onError(e instanceof Error ? e.message : String(e)),
    )
    return () => {
      live = false
    }
  }, [client, key, version, onError])

  const chart = useMemo(() => (data ? timelineChart(data, scale) : null), [data, scale])
  const option = useMemo(
    () =>
      chart && {
        ...chart.option,
        toolbox: { show: false },
        brush: { xAxisIndex: 0, brushType: 'lineX' as const, brushMode: 'single' as const, transformable: false, brushStyle: { color: 'rgba(61,139,253,0.18)', borderColor: '#3d8bfd' }, outOfBrush: { colorAlpha: 0.35 } },
      },
    [chart],
  )
  const instance = useRef<ECharts | null>(null)
  const bucketMs = data?.bucketMs ?? 60_000
  const handlers = useRef({ onRange, bucketMs })
  useEffect(() => {
    handlers.current = { onRange, bucketMs }
  }, [onRange, bucketMs])

  const onReady = useCallback((c: ECharts) => {
    instance.current = c
    c.on('brushEnd', (e: unknown) => {
      const area = (e as { areas?: { coordRange?: [number, number] }[] }).areas?.[0]
      if (!area?.coordRange) return
      const b = handlers.current.bucketMs
      const [x0, x1] = area.coordRange
      handlers.current.onRange({ from: Math.floor(Math.min(x0, x1) / b) * b, to: Math.ceil(Math.max(x0, x1) / b) * b })
    })
    c.getZr().on('dblclick', () => handlers.current.onRange(null))
  }, [])

  // Drag to select stays on after every redraw; the selected range is drawn as the brush area.
  useEffect(() => {
    const c = instance.current
    if (!c || !option) return
    c.dispatchAction({ type: 'takeGlobalCursor', key: 'brush', brushOption: { brushType: 'lineX', brushMode: 'single' } })
    c.dispatchAction({ type: 'brush', areas: range ? [{ brushType: 'lineX', xAxisIndex: 0, coordRange: [range.from, range.to] }] : [] })
  }, [option, range])

  return (
    <section className="timeline" data-testid="timeline" data-from={range?.from ?? ''} data-to={range?.to ?? ''} data-bucket-ms={data?.bucketMs ?? ''}>
      <div className="timeline-head">
        <span className="timeline-title">Timeline</span>
        <span className="dim timeline-caption" data-testid="timeline-caption">
          {chart?.caption}
        </span>
        {range && (
          <span className="timeline-range" data-testid="timeline-range">
            {bucketLabel(range.from, 60_000)} – {bucketLabel(range.to, 60_000)} UTC
            <button type="button" className="link" onClick={() => onRange(null)} title="Show all time (or double-click the timeline)">
              ✕
            </button>
          </span>
        )}
        <div className="view-switch small" role="group" aria-label="Timeline scale">
          {(['linear', 'log'] as const).map((s) => (
            <button key={s} type="button" aria-pressed={scale === s} onClick={() => setScale(s)}>
              {s}
            </button>
          ))}
        </div>
      </div>
      {option ? <EChart option={option} height={120} onReady={onReady} testId="timeline-chart" /> : <div className="echart" style={{ height: 120 }} />}
    </section>
  )
}
