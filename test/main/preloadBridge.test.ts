// The preload (src/preload/index.ts) runs against a mocked electron: what it exposes is checked here.
import { beforeAll, describe, expect, it, vi } from 'vitest'

const electron = vi.hoisted(() => {
  const exposed = new Map<string, unknown>()
  const listeners = new Map<string, Set<(...args: unknown[]) => void>>()
  const ipcRenderer = {
    invoke: vi.fn(async (channel: string, params?: unknown) => ({ ok: true, value: { channel, params } })),
    on: (channel: string, l: (...args: unknown[]) => void) => {
      const set = listeners.get(channel) ?? new Set()
      set.add(l)
      listeners.set(channel, set)
    },
    removeListener: (channel: string, l: (...args: unknown[]) => void) => listeners.get(channel)?.delete(l),
    emit: (channel: string, ...args: unknown[]) => listeners.get(channel)?.forEach((l) => l(...args)),
  }
  return { exposed, ipcRenderer, listeners, contextBridge: { exposeInMainWorld: (k: string, v: unknown) => exposed.set(k, v) } }
})
vi.mock('electron', () => ({ contextBridge: electron.contextBridge, ipcRenderer: electron.ipcRenderer }))

import type { VigilBridge } from '../../src/preload/vigil'
import { EVENT_CHANNEL, PICK_FOLDER_CHANNEL } from '../../src/preload/channels'

let vigil: VigilBridge

beforeAll(async () => {
  await import('../../src/preload/index')
  vigil = electron.exposed.get('vigil') as VigilBridge
})

describe('preload bridge', () => {
  it('exposes one object, `vigil`, with named methods and no generic invoke', () => {
    expect([...electron.exposed.keys()]).toEqual(['vigil'])
    expect(Object.keys(vigil).sort()).toEqual(
      [
        'appInfo',
        'cancelScan',
        'exportCsv',
        'filterContains',
        'getFinding',
        'getSummary',
        'getUiState',
        'groupFindings',
        'listCases',
        'newCase',
        'openCase',
        'listFindings',
        'listIncidents',
        'listSources',
        'onEvent',
        'openSource',
        'pickFolder',
        'queryFindings',
        'readCapped',
        'closeSource',
        'setTriage',
        'setUiState',
        'triageIncident',
        'triageMany',
        'insightsTimeline',
        'insightsTechniques',
        'insightsScoreHistogram',
        'insightsScoresByThreat',
        'insightsThreats',
        'insightsTop',
        'insightsLoginWindows',
        'insightsInterArrival',
        'insightsMatrix',
        'exportNavigator',
        'exportReport',
        'sigmaRules',
        'setSigmaPaths',
      ].sort(),
    )
    expect(vigil).not.toHaveProperty('invoke')
    expect(vigil).not.toHaveProperty('send')
  })

  it('each method invokes the channel of its API method', async () => {
    await vigil.listFindings({ minSeverity: 'HIGH' })
    await vigil.setTriage({ id: 3, status: 'escalated' })
    await vigil.appInfo()
    await vigil.pickFolder()
    await vigil.getUiState()
    await vigil.setUiState({ sortModel: [{ colId: 'time', sort: 'asc' }], minSeverity: 'NONE' })
    await vigil.listIncidents({ minSeverity: 'MEDIUM' })
    await vigil.triageIncident({ episode: 'brute_force:abc', status: 'resolved' })
    await vigil.triageMany({ ids: [4, 5], status: 'escalated', note: 'ticket 7' })
    await vigil.filterContains({ id: 4, quickFilter: 'root' })
    await vigil.groupFindings({ column: 'host', minSeverity: 'LOW' })
    await vigil.insightsTop({ field: 'src_ip', from: 5 })
    expect(electron.ipcRenderer.invoke.mock.calls).toEqual([
      ['findings.list', { minSeverity: 'HIGH' }],
      ['triage.set', { id: 3, status: 'escalated' }],
      ['app.info', {}],
      [PICK_FOLDER_CHANNEL],
      ['ui.getState', {}],
      ['ui.setState', { sortModel: [{ colId: 'time', sort: 'asc' }], minSeverity: 'NONE' }],
      ['incidents.list', { minSeverity: 'MEDIUM' }],
      ['incidents.triage', { episode: 'brute_force:abc', status: 'resolved' }],
      ['triage.bulk', { ids: [4, 5], status: 'escalated', note: 'ticket 7' }],
      ['findings.contains', { id: 4, quickFilter: 'root' }],
      ['findings.groups', { column: 'host', minSeverity: 'LOW' }],
      ['insights.top', { field: 'src_ip', from: 5 }],
    ])
  })

  it('event callbacks get the payload only, for their event only, until unsubscribed', () => {
    const seen: unknown[][] = []
    const off = vigil.onEvent('findings.added', (...args: unknown[]) => seen.push(args))
    const electronEvent = { sender: 'ipc-renderer-internals', ports: [] }
    electron.ipcRenderer.emit(EVENT_CHANNEL, electronEvent, { event: 'findings.added', payload: { findings: [] } })
    electron.ipcRenderer.emit(EVENT_CHANNEL, electronEvent, { event: 'summary.changed', payload: { files: 1 } })
    off()
    electron.ipcRenderer.emit(EVENT_CHANNEL, electronEvent, { event: 'findings.added', payload: { findings: [1] } })
    expect(seen).toEqual([[{ findings: [] }]])
    expect(electron.listeners.get(EVENT_CHANNEL)?.size).toBe(0)
  })
})
