import { describe, expect, it, vi } from 'vitest'

const electron = vi.hoisted(() => {
  const created: Array<{ options: Record<string, unknown>; loadFile: ReturnType<typeof vi.fn>; loadURL: ReturnType<typeof vi.fn> }> = []
  class BrowserWindow {
    loadFile = vi.fn(async () => {})
    loadURL = vi.fn(async () => {})
    once = vi.fn()
    show = vi.fn()
    constructor(readonly options: Record<string, unknown>) {
      created.push(this)
    }
  }
  return { BrowserWindow, created }
})
vi.mock('electron', () => ({ BrowserWindow: electron.BrowserWindow }))

import { createMainWindow, secureWebPreferences } from '../../src/main/window'

describe('main window', () => {
  it('is created sandboxed and context-isolated, without Node, with our preload', () => {
    createMainWindow({ preloadPath: '/app/out/preload/index.cjs', rendererFile: '/app/out/renderer/index.html' })
    const window = electron.created.at(-1)!
    expect(window.options.webPreferences).toMatchObject({
      preload: '/app/out/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
    })
    expect(window.loadFile).toHaveBeenCalledWith('/app/out/renderer/index.html')
    expect(window.loadURL).not.toHaveBeenCalled()
  })

  it('loads the dev server URL when one is given', () => {
    createMainWindow({ preloadPath: '/p.cjs', rendererFile: '/r.html', devUrl: 'http://localhost:5173' })
    const window = electron.created.at(-1)!
    expect(window.loadURL).toHaveBeenCalledWith('http://localhost:5173')
    expect(window.loadFile).not.toHaveBeenCalled()
  })

  it('never weakens the preferences whatever the preload path', () => {
    const prefs = secureWebPreferences('/x.cjs')
    expect([prefs.contextIsolation, prefs.sandbox, prefs.nodeIntegration]).toEqual([true, true, false])
  })
})
