/** Handlers of the pictures' methods: the aggregates of store/aggregates.ts, the ATT&CK matrix, the Navigator layer and the report. */
import type { MethodParams, MethodResult } from '../../shared/api'
import type { InsightsResults } from '../../shared/insights'
import { buildNavigatorLayer, buildReport } from '../export/report/buildReport'
import { attackMatrix } from '../mitre/matrix'
import { aggregatesOf } from '../store/aggregates'
import type { Engine } from './Engine'

type InsightsHandlers = { [M in keyof InsightsResults]: (params: MethodParams<M>) => Promise<MethodResult<M>> }

export function createInsightsHandlers(engine: Engine): InsightsHandlers {
  const agg = aggregatesOf(engine.store)
  return {
    'insights.timeline': async (filter) => agg.timeline(filter),
    'insights.techniques': async (filter) => agg.techniques(filter),
    'insights.scoreHistogram': async (filter) => agg.scoreHistogram(filter),
    'insights.scoresByThreat': async (filter) => agg.scoresByThreat(filter),
    'insights.threats': async (filter) => agg.threats(filter),
    'insights.top': async ({ field, limit, ...filter }) => agg.top(filter, field, limit),
    'insights.loginWindows': async (filter) => agg.loginWindows(filter),
    'insights.interArrival': async (filter) => agg.interArrival(filter),
    'insights.matrix': async ({ all, ...filter }) => attackMatrix(agg.techniques(filter), all),
    'export.navigator': async (filter) => buildNavigatorLayer(agg, filter, engine.summary().roots),
    'export.report': async (filter) => {
      const summary = engine.summary()
      return buildReport(agg, filter, {
        summary,
        incidents: engine.incidents(filter),
        findings: engine.queryFindings(filter, 0, 0).total,
        options: { folders: summary.roots.join(', '), 'view filter': JSON.stringify({ ...filter, sortModel: undefined }) },
        generatedAt: Date.now(),
      })
    },
  }
}
