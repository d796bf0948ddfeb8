/**
 * The insights view: the pictures of the current filter (time range included), each with its
 * one-line caption, drawn from the engine's aggregates. A bar of the top users, addresses or
 * hosts filters the lines on it.
 */
import type { ECharts } from 'echarts'
import { useCallback, useEffect, useState } from 'react'
import type { FindingsFilter } from '../../../shared/api'
import {
  interArrivalChart,
  loginWindowsChart,
  scoreHistogramChart,
  scoresByThreatChart,
  threatsChart,
  topChart,
  type Chart,
} from '../../../shared/charts'
import type { EntityField } from '../../../shared/insights'
import type { UiClient } from '../../transport/types'
import { EChart } from './EChart'

export interface InsightsPanelProps {
  client: UiClient
  filter: FindingsFilter
  version: unknown
  /** A top bar was clicked: filter the lines on that value. */
  onPick: (field: EntityField, value: string) => void
  onError: (message: string) => void
}

async function load(client: UiClient, f: FindingsFilter): Promise<Chart[]> {
  const [hist, boxes, threats, users, ips, hosts, windows, gaps] = await Promise.all([
    client.call('insights.scoreHistogram', f),
    client.call('insights.scoresByThreat', f),
    client.call('insights.threats', f),
    client.call('insights.top', { ...f, field: 'user' }),
    client.call('insights.top', { ...f, field: 'src_ip' }),
    client.call('insights.top', { ...f, field: 'host' }),
    client.call('insights.loginWindows', f),
    client.call('insights.interArrival', f),
  ])
  return [
    scoreHistogramChart(hist),
    scoresByThreatChart(boxes),
    threatsChart(threats),
    topChart('user', users),
    topChart('src_ip', ips),
    topChart('host', hosts),
    loginWindowsChart(windows),
    interArrivalChart(gaps),
  ]
}

const PICKABLE: Record<string, EntityField> = { 'top-user': 'user', 'top-src_ip': 'src_ip', 'top-host': 'host' }

export function InsightsPanel({ client, filter, version, onPick, onError }: InsightsPanelProps) {
  const [charts, setCharts] = useState<Chart[] | null>(null)
  const key = JSON.stringify({ ...filter, sortModel: undefined })
  useEffect(() => {
    let live = true
    load(client, JSON.parse(key) as FindingsFilter).then(
      (c) => live && setCharts(c),
      (e: unknown) => onError(e instanceof Error ? e.message : String(e)),
    )
    return () => {
      live = false
    }
  }, [client, key, version, onError])

  const pick = useCallback(
    (id: string) => (chart: ECharts) => {
      const field = PICKABLE[id]
      if (!field) return
      chart.on('click', (e: unknown) => {
        const name = (e as { name?: unknown }).name
        if (typeof name === 'string' && name !== '') onPick(field, name)
      })
    },
    [onPick],
  )

  if (!charts) return <div className="insights" aria-busy="true" data-testid="insights" />
  return (
    <div className="insights" data-testid="insights">
      {charts.map((c) => (
        <figure key={c.id} className="insight" data-testid={`insight-${c.id}`} data-has-data={c.hasData}>
          <h3>{c.title}</h3>
          {c.hasData ? <EChart option={c.option} height={240} onReady={pick(c.id)} /> : <p className="dim">{c.caption}</p>}
          <figcaption data-testid={`caption-${c.id}`}>{c.caption}</figcaption>
        </figure>
      ))}
    </div>
  )
}
