/** Handlers of the pictures' methods: the aggregates of store/aggregates.ts, the ATT&CK matrix, the Navigator layer and the report. */
import type { MethodParams, MethodResult } from '../../shared/api'
import type { InsightsResults } from '../../shared/insights'
import { buildNavigatorLayer, buildReport } from '../export/report/buildReport'
import { attackMatrix } from '../mitre/matrix'
import { aggregatesOf } from '../store/aggregates'
import type { Engine } from './Engine'

type InsightsHandlers = { [M in keyof InsightsResults]: (params: MethodParams<M>) => Promise<MethodResult<M>> }

export function createInsightsHandlers(engine: Engine): InsightsHandlers {
  // Per store: `engine` may switch cases (vigil serve's CaseSwitch), each with its own store.
  let store = engine.store
  let aggregates = aggregatesOf(store)
  const current = (): ReturnType<typeof aggregatesOf> => {
    if (engine.store !== store) {
      store = engine.store
      aggregates = aggregatesOf(store)
    }
    return aggregates
  }
  return {
    'insights.timeline': async (filter) => current().timeline(filter),
    'insights.techniques': async (filter) => current().techniques(filter),
    'insights.scoreHistogram': async (filter) => current().scoreHistogram(filter),
    'insights.scoresByThreat': async (filter) => current().scoresByThreat(filter),
    'insights.threats': async (filter) => current().threats(filter),
    'insights.top': async ({ field, limit, ...filter }) => current().top(filter, field, limit),
    'insights.loginWindows': async (filter) => current().loginWindows(filter),
    'insights.interArrival': async (filter) => current().interArrival(filter),
    'insights.matrix': async ({ all, ...filter }) => attackMatrix(current().techniques(filter), all),
    'export.navigator': async (filter) => buildNavigatorLayer(current(), filter, engine.summary().roots),
    'export.report': async (filter) => {
      const summary = engine.summary()
      return buildReport(current(), filter, {
        summary,
        incidents: engine.incidents(filter),
        findings: engine.queryFindings(filter, 0, 0).total,
        options: { folders: summary.roots.join(', '), 'view filter': JSON.stringify({ ...filter, sortModel: undefined }) },
        generatedAt: Date.now(),
      })
    },
  }
}
