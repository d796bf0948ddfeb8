/**
 * One ECharts chart (SVG renderer: no eval, crisp text, the same drawing as the report), sized to
 * its box. The option comes from shared/charts.ts; `onReady` gets the instance for events (click,
 * brush) and is called again when the instance is made anew.
 */
import * as echarts from 'echarts'
import { useEffect, useRef } from 'react'
import type { EChartsOption } from 'echarts'

export interface EChartProps {
  option: EChartsOption
  height: number
  onReady?: (chart: echarts.ECharts) => void
  testId?: string
}

export function EChart({ option, height, onReady, testId }: EChartProps) {
  const host = useRef<HTMLDivElement | null>(null)
  const chart = useRef<echarts.ECharts | null>(null)
  const ready = useRef(onReady)
  useEffect(() => {
    ready.current = onReady
  }, [onReady])

  useEffect(() => {
    if (!host.current) return
    const instance = echarts.init(host.current, null, { renderer: 'svg' })
    chart.current = instance
    ready.current?.(instance)
    const observer = new ResizeObserver(() => instance.resize())
    observer.observe(host.current)
    return () => {
      observer.disconnect()
      instance.dispose()
      chart.current = null
    }
  }, [])

  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true })
  }, [option])

  return <div ref={host} className="echart" style={{ height }} data-testid={testId} />
}
