/**
 * A chart of shared/charts.ts as an SVG string, rendered by ECharts on the server (no DOM): what the
 * app draws live, frozen into the HTML report. ECharts writes every text as escaped SVG text.
 */
import * as echarts from 'echarts'
import type { Chart } from '../../../shared/charts'

export function chartSvg(chart: Chart, width: number, height: number): string {
  const instance = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height })
  try {
    instance.setOption(chart.option)
    return instance.renderToSVGString()
  } finally {
    instance.dispose()
  }
}
