/**
 * `window.vigil`: what the preload exposes to the renderer in Electron. One object, named methods,
 * each mapping to one API method of src/shared/api.ts. Errors come back as data (a reply), never as
 * exceptions, because Error objects lose their code when they cross the context bridge.
 */
import type {
  ApiError,
  AppInfo,
  CsvExport,
  EventName,
  EventPayloads,
  FindingDetail,
  FindingsPage,
  MethodParams,
  MethodResult,
  UiState,
} from '../shared/api'
import type { Finding } from '../shared/finding'
import type { CaseInfo, CasesList } from '../shared/cases'
import type { FindingsGroups } from '../shared/groups'
import type { Incident } from '../shared/incident'
import type { ClosedRoot, ScanSummary, SourceFile } from '../shared/sources'

/** The answer of every bridged call. */
export type BridgeReply<T> = { ok: true; value: T } | { ok: false; error: ApiError }

export interface VigilBridge {
  appInfo(): Promise<BridgeReply<AppInfo>>
  openSource(params: MethodParams<'sources.open'>): Promise<BridgeReply<ScanSummary>>
  listSources(): Promise<BridgeReply<SourceFile[]>>
  /** Reads a skipped decompression bomb up to the cap. */
  readCapped(params: MethodParams<'sources.readCapped'>): Promise<BridgeReply<ScanSummary>>
  closeSource(params: MethodParams<'sources.close'>): Promise<BridgeReply<ClosedRoot>>
  getSummary(): Promise<BridgeReply<ScanSummary>>
  /** Stops the running scan; what was stored stays. */
  cancelScan(): Promise<BridgeReply<{ cancelled: boolean }>>
  listFindings(params: MethodParams<'findings.list'>): Promise<BridgeReply<Finding[]>>
  queryFindings(params: MethodParams<'findings.query'>): Promise<BridgeReply<FindingsPage>>
  getFinding(params: MethodParams<'findings.get'>): Promise<BridgeReply<FindingDetail>>
  setTriage(params: MethodParams<'triage.set'>): Promise<BridgeReply<Finding>>
  exportCsv(params: MethodParams<'export.csv'>): Promise<BridgeReply<CsvExport>>
  listIncidents(params: MethodParams<'incidents.list'>): Promise<BridgeReply<Incident[]>>
  triageIncident(params: MethodParams<'incidents.triage'>): Promise<BridgeReply<{ updated: number }>>
  listCases(): Promise<BridgeReply<CasesList>>
  newCase(params: MethodParams<'cases.new'>): Promise<BridgeReply<CaseInfo>>
  openCase(params: MethodParams<'cases.open'>): Promise<BridgeReply<CaseInfo>>
  groupFindings(params: MethodParams<'findings.groups'>): Promise<BridgeReply<FindingsGroups>>
  filterContains(params: MethodParams<'findings.contains'>): Promise<BridgeReply<{ contains: boolean }>>
  triageMany(params: MethodParams<'triage.bulk'>): Promise<BridgeReply<{ updated: number }>>
  /** The grid as the analyst left it (sort, filters, floor, selection, columns). */
  getUiState(): Promise<BridgeReply<UiState>>
  setUiState(params: MethodParams<'ui.setState'>): Promise<BridgeReply<UiState>>
  /** The pictures' aggregates (shared/insights.ts). */
  insightsTimeline(params: MethodParams<'insights.timeline'>): Promise<BridgeReply<MethodResult<'insights.timeline'>>>
  insightsTechniques(params: MethodParams<'insights.techniques'>): Promise<BridgeReply<MethodResult<'insights.techniques'>>>
  insightsScoreHistogram(params: MethodParams<'insights.scoreHistogram'>): Promise<BridgeReply<MethodResult<'insights.scoreHistogram'>>>
  insightsScoresByThreat(params: MethodParams<'insights.scoresByThreat'>): Promise<BridgeReply<MethodResult<'insights.scoresByThreat'>>>
  insightsThreats(params: MethodParams<'insights.threats'>): Promise<BridgeReply<MethodResult<'insights.threats'>>>
  insightsTop(params: MethodParams<'insights.top'>): Promise<BridgeReply<MethodResult<'insights.top'>>>
  insightsLoginWindows(params: MethodParams<'insights.loginWindows'>): Promise<BridgeReply<MethodResult<'insights.loginWindows'>>>
  insightsInterArrival(params: MethodParams<'insights.interArrival'>): Promise<BridgeReply<MethodResult<'insights.interArrival'>>>
  insightsMatrix(params: MethodParams<'insights.matrix'>): Promise<BridgeReply<MethodResult<'insights.matrix'>>>
  /** The Sigma rules loaded or skipped, and the rule paths set in the settings (shared/sigma.ts). */
  sigmaRules(): Promise<BridgeReply<MethodResult<'sigma.rules'>>>
  setSigmaPaths(params: MethodParams<'sigma.setPaths'>): Promise<BridgeReply<MethodResult<'sigma.setPaths'>>>
  exportNavigator(params: MethodParams<'export.navigator'>): Promise<BridgeReply<MethodResult<'export.navigator'>>>
  exportReport(params: MethodParams<'export.report'>): Promise<BridgeReply<MethodResult<'export.report'>>>
  /** The native folder dialog; resolves to the chosen absolute path, or null when cancelled. */
  pickFolder(): Promise<string | null>
  /** Subscribes to a pushed engine event; the callback gets the payload only. Returns unsubscribe. */
  onEvent<E extends EventName>(name: E, callback: (payload: EventPayloads[E]) => void): () => void
}

declare global {
  interface Window {
    /** Present only inside the Electron app (the preload); absent in a browser (`vigil serve`). */
    vigil?: VigilBridge
  }
}
