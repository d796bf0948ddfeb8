/** The report and the Navigator layer of a store, for a filter: what `vigil scan --report` and the app's Export buttons write. */
import type { FindingsFilter } from '../../../shared/api'
import type { Incident } from '../../../shared/incident'
import type { NavigatorExport, ReportExport } from '../../../shared/matrix'
import { ATTACK_NOTICE } from '../../../shared/mitre'
import type { ScanSummary } from '../../../shared/sources'
import { VIGIL_VERSION } from '../../api/version'
import { gatherPictures } from '../../insights/gather'
import { ATTACK_VERSION } from '../../mitre/catalogue'
import { attackMatrix } from '../../mitre/matrix'
import { navigatorLayer } from '../../mitre/navigatorLayer'
import type { Aggregates } from '../../store/aggregates'
import { reportHtml } from './reportHtml'
import { loadChartRenderer } from './svgChart'

export interface ReportContext {
  summary: ScanSummary
  incidents: readonly Incident[]
  /** Findings the filter selects (the CSV's rows). */
  findings: number
  options: Readonly<Record<string, string>>
  generatedAt: number
}

export async function buildReport(agg: Aggregates, filter: FindingsFilter, ctx: ReportContext): Promise<ReportExport> {
  await loadChartRenderer()
  const pictures = gatherPictures(agg, filter)
  const html = reportHtml({
    ...ctx,
    charts: pictures.charts,
    matrix: attackMatrix(pictures.techniques),
    versions: { vigil: VIGIL_VERSION, attack: ATTACK_VERSION },
    attackNotice: ATTACK_NOTICE,
  })
  return { filename: 'vigil-report.html', html }
}

export function buildNavigatorLayer(agg: Aggregates, filter: FindingsFilter, roots: readonly string[]): NavigatorExport {
  return navigatorLayer(agg.techniques(filter), `Techniques Vigil found in ${roots.join(', ') || 'the opened logs'}, score = findings`)
}
