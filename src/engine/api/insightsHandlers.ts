/** Handlers of the insights methods: the aggregates of store/aggregates.ts over the Engine's store. */
import type { MethodParams, MethodResult } from '../../shared/api'
import type { InsightsResults } from '../../shared/insights'
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
  }
}
