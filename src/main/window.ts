/** The main window: sandboxed, context-isolated, no Node in the page. */
import { BrowserWindow, type WebPreferences } from 'electron'

/** The web preferences of every window (CONVENTIONS.md, "Electron security"). */
export function secureWebPreferences(preloadPath: string): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webviewTag: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    spellcheck: false,
  }
}

export interface MainWindowOptions {
  preloadPath: string
  /** Vite's dev server URL (`electron-vite dev`), else the built page is loaded from disk. */
  devUrl?: string
  rendererFile: string
}

/** Creates the window and loads the renderer. */
export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const window = new BrowserWindow({
    title: 'Vigil',
    width: 1440,
    height: 900,
    minWidth: 960,
    minHeight: 600,
    show: false,
    backgroundColor: '#0d1117',
    webPreferences: secureWebPreferences(options.preloadPath),
  })
  window.once('ready-to-show', () => window.show())
  if (options.devUrl) void window.loadURL(options.devUrl)
  else void window.loadFile(options.rendererFile)
  return window
}
