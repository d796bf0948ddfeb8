/**
 * A chart of shared/charts.ts as an SVG string, rendered by ECharts on the server (no DOM): what the
 * app draws live, frozen into the HTML report. ECharts writes every text as escaped SVG text.
 *
 * ECharts is imported when a report is first built (loadChartRenderer), not with the module: its
 * few hundred files were ~0.5 s of CPU at the start of every `vigil` command, most of which draw no chart.
 */
import type * as EChartsModule from 'echarts'
import type { Chart } from '../../../shared/charts'

type ECharts = typeof EChartsModule

let echarts: ECharts | null = null

/** Loads ECharts (once); chartSvg needs it. */
export async function loadChartRenderer(): Promise<void> {
  echarts ??= await import('echarts')
}

export function chartSvg(chart: Chart, width: number, height: number): string {
  if (echarts === null) throw new Error('chartSvg: call loadChartRenderer first')
  const instance = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height })
  try {
    instance.setOption(chart.option)
    return instance.renderToSVGString()
  } finally {
    instance.dispose()
  }
}
