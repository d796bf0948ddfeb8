/** Every picture's data for one filter, as the report draws them (the app asks for each on its own). */
import type { FindingsFilter } from '../../shared/api'
import {
  interArrivalChart,
  loginWindowsChart,
  scoreHistogramChart,
  scoresByThreatChart,
  threatsChart,
  timelineChart,
  topChart,
  type Chart,
} from '../../shared/charts'
import type { TechniqueCount, Timeline } from '../../shared/insights'
import type { Aggregates } from '../store/aggregates'

export interface Pictures {
  timeline: Timeline
  techniques: TechniqueCount[]
  /** Timeline first, then the insights panel's charts in its order. */
  charts: Chart[]
}

export function gatherPictures(agg: Aggregates, filter: FindingsFilter): Pictures {
  const timeline = agg.timeline(filter)
  return {
    timeline,
    techniques: agg.techniques(filter),
    charts: [
      timelineChart(timeline, 'log'),
      scoreHistogramChart(agg.scoreHistogram(filter)),
      scoresByThreatChart(agg.scoresByThreat(filter)),
      threatsChart(agg.threats(filter)),
      topChart('user', agg.top(filter, 'user')),
      topChart('src_ip', agg.top(filter, 'src_ip')),
      topChart('host', agg.top(filter, 'host')),
      loginWindowsChart(agg.loginWindows(filter)),
      interArrivalChart(agg.interArrival(filter)),
    ],
  }
}
