// The preload: runs sandboxed, before the renderer, with access to ipcRenderer. It exposes ONE
// object, `window.vigil`, with one named method per API method (never a generic invoke), and
// strips the Electron event object from everything it hands to the page.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron'
import type { EventEnvelope, MethodName } from '../shared/api'
import { EVENT_CHANNEL, PICK_FOLDER_CHANNEL } from './channels'
import type { BridgeReply, VigilBridge } from './vigil'

function request<T>(method: MethodName, params: unknown): Promise<BridgeReply<T>> {
  return ipcRenderer.invoke(method, params) as Promise<BridgeReply<T>>
}

const bridge: VigilBridge = {
  appInfo: () => request('app.info', {}),
  openSource: (params) => request('sources.open', params),
  listSources: () => request('sources.list', {}),
  readCapped: (params) => request('sources.readCapped', params),
  closeSource: (params) => request('sources.close', params),
  getSummary: () => request('summary.get', {}),
  cancelScan: () => request('ingest.cancel', {}),
  listFindings: (params) => request('findings.list', params),
  queryFindings: (params) => request('findings.query', params),
  getFinding: (params) => request('findings.get', params),
  setTriage: (params) => request('triage.set', params),
  exportCsv: (params) => request('export.csv', params),
  listIncidents: (params) => request('incidents.list', params),
  triageIncident: (params) => request('incidents.triage', params),
  listCases: () => request('cases.list', {}),
  newCase: (params) => request('cases.new', params),
  openCase: (params) => request('cases.open', params),
  groupFindings: (params) => request('findings.groups', params),
  filterContains: (params) => request('findings.contains', params),
  triageMany: (params) => request('triage.bulk', params),
  getUiState: () => request('ui.getState', {}),
  setUiState: (params) => request('ui.setState', params),
  insightsTimeline: (params) => request('insights.timeline', params),
  insightsTechniques: (params) => request('insights.techniques', params),
  insightsScoreHistogram: (params) => request('insights.scoreHistogram', params),
  insightsScoresByThreat: (params) => request('insights.scoresByThreat', params),
  insightsThreats: (params) => request('insights.threats', params),
  insightsTop: (params) => request('insights.top', params),
  insightsLoginWindows: (params) => request('insights.loginWindows', params),
  insightsInterArrival: (params) => request('insights.interArrival', params),
  insightsMatrix: (params) => request('insights.matrix', params),
  sigmaRules: () => request('sigma.rules', {}),
  setSigmaPaths: (params) => request('sigma.setPaths', params),
  exportNavigator: (params) => request('export.navigator', params),
  exportReport: (params) => request('export.report', params),
  pickFolder: () => ipcRenderer.invoke(PICK_FOLDER_CHANNEL) as Promise<string | null>,
  onEvent: (name, callback) => {
    const listener = (_event: IpcRendererEvent, envelope: EventEnvelope): void => {
      if (envelope.event === name) callback(envelope.payload as Parameters<typeof callback>[0])
    }
    ipcRenderer.on(EVENT_CHANNEL, listener)
    return () => {
      ipcRenderer.removeListener(EVENT_CHANNEL, listener)
    }
  },
}

contextBridge.exposeInMainWorld('vigil', bridge)
