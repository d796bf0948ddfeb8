/** The Electron transport: the preload's `window.vigil` bridge behind the VigilClient interface. */
import {
  ApiCallError,
  type MethodName,
  type MethodParams,
  type MethodResult,
} from '../../shared/api'
import type { BridgeReply, VigilBridge } from '../../preload/vigil'
import type { UiClient } from './types'

type BridgeCalls = { [M in MethodName]: (bridge: VigilBridge, params: MethodParams<M>) => Promise<BridgeReply<MethodResult<M>>> }

/** Which bridge method carries which API method (checked complete by the type). */
const calls: BridgeCalls = {
  'app.info': (b) => b.appInfo(),
  'sources.open': (b, p) => b.openSource(p),
  'sources.list': (b) => b.listSources(),
  'sources.readCapped': (b, p) => b.readCapped(p),
  'sources.close': (b, p) => b.closeSource(p),
  'summary.get': (b) => b.getSummary(),
  'ingest.cancel': (b) => b.cancelScan(),
  'findings.list': (b, p) => b.listFindings(p),
  'findings.get': (b, p) => b.getFinding(p),
  'triage.set': (b, p) => b.setTriage(p),
  'export.csv': (b, p) => b.exportCsv(p),
  'findings.query': (b, p) => b.queryFindings(p),
  'incidents.list': (b, p) => b.listIncidents(p),
  'incidents.triage': (b, p) => b.triageIncident(p),
  'cases.list': (b) => b.listCases(),
  'cases.new': (b, p) => b.newCase(p),
  'cases.open': (b, p) => b.openCase(p),
  'findings.groups': (b, p) => b.groupFindings(p),
  'findings.contains': (b, p) => b.filterContains(p),
  'triage.bulk': (b, p) => b.triageMany(p),
  'ui.getState': (b) => b.getUiState(),
  'ui.setState': (b, p) => b.setUiState(p),
  'insights.timeline': (b, p) => b.insightsTimeline(p),
  'insights.techniques': (b, p) => b.insightsTechniques(p),
  'insights.scoreHistogram': (b, p) => b.insightsScoreHistogram(p),
  'insights.scoresByThreat': (b, p) => b.insightsScoresByThreat(p),
  'insights.threats': (b, p) => b.insightsThreats(p),
  'insights.top': (b, p) => b.insightsTop(p),
  'insights.loginWindows': (b, p) => b.insightsLoginWindows(p),
  'insights.interArrival': (b, p) => b.insightsInterArrival(p),
  'insights.matrix': (b, p) => b.insightsMatrix(p),
  'sigma.rules': (b) => b.sigmaRules(),
  'sigma.setPaths': (b, p) => b.setSigmaPaths(p),
  'export.navigator': (b, p) => b.exportNavigator(p),
  'export.report': (b, p) => b.exportReport(p),
}

/** Wraps the bridge; error replies become ApiCallError rejections. */
export function createIpcClient(bridge: VigilBridge): UiClient {
  return {
    host: 'electron',
    async call<M extends MethodName>(method: M, params: MethodParams<M>): Promise<MethodResult<M>> {
      const reply = await (calls[method] as (b: VigilBridge, p: MethodParams<M>) => Promise<BridgeReply<MethodResult<M>>>)(bridge, params)
      if (!reply.ok) throw new ApiCallError(reply.error.code, reply.error.message)
      return reply.value
    },
    on: (event, callback) => bridge.onEvent(event, callback),
    pickFolder: () => bridge.pickFolder(),
    onConnection: (callback) => {
      callback('open', '')
      return () => {}
    },
  }
}
