// Electron main: thin. It hardens the app, starts the engine worker, creates the window, relays
// IPC to the worker and engine events back to the window, and opens the folders given at start.
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { app, type BrowserWindow, dialog, ipcMain, Menu, session } from 'electron'
import { CONTENT_SECURITY_POLICY } from './csp'
import { startEngine } from './engineWorker'
import type { EngineHost } from './EngineHost'
import { forwardEvents, registerIpc } from './ipc'
import { menuTemplate } from './menu'
import { hardenSession, installSecurity, openExternalIfAllowed } from './security'
import { foldersToOpen } from './startup'
import { createMainWindow } from './window'

const here = fileURLToPath(new URL('.', import.meta.url))
let mainWindow: BrowserWindow | null = null
let engine: EngineHost | null = null

app.enableSandbox()
installSecurity(app)

async function pickFolder(): Promise<string | null> {
  const options = { title: 'Open a folder of logs', properties: ['openDirectory' as const] }
  const result = mainWindow ? await dialog.showOpenDialog(mainWindow, options) : await dialog.showOpenDialog(options)
  return result.canceled || result.filePaths.length === 0 ? null : result.filePaths[0]
}

/** Opens a folder in the engine; results reach the window as pushed events. */
async function openFolder(path: string): Promise<void> {
  try {
    await engine?.call('sources.open', { path })
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    console.error(`[vigil] could not open ${path}: ${message}`)
    if (mainWindow) void dialog.showMessageBox(mainWindow, { type: 'error', message: `Could not open ${path}`, detail: message })
  }
}

async function start(): Promise<void> {
  const devUrl = app.isPackaged ? undefined : process.env.ELECTRON_RENDERER_URL
  hardenSession(session.defaultSession, devUrl ? null : CONTENT_SECURITY_POLICY)
  engine = startEngine(join(app.getPath('userData'), 'vigil.sqlite'))
  const host = engine

  mainWindow = createMainWindow({
    preloadPath: join(here, '../preload/index.cjs'),
    devUrl,
    rendererFile: join(here, '../renderer/index.html'),
  })
  mainWindow.on('closed', () => {
    mainWindow = null
  })

  registerIpc(ipcMain, {
    engine: host,
    // Our window's top frame only: not a subframe, not any other web contents.
    isTrustedSender: (event) =>
      mainWindow !== null && event.sender === mainWindow.webContents && event.senderFrame === mainWindow.webContents.mainFrame,
    pickFolder,
  })
  forwardEvents(
    (listener) => host.onEvent(listener),
    () => mainWindow?.webContents ?? null,
  )
  Menu.setApplicationMenu(
    Menu.buildFromTemplate(
      menuTemplate({
        openFolder: () => {
          void pickFolder().then((path) => (path ? openFolder(path) : undefined))
        },
        openAttackSite: () => openExternalIfAllowed('https://attack.mitre.org/'),
      }),
    ),
  )

  const folders = foldersToOpen(process.argv, {
    // Unpackaged, main runs from out/main: the demo logs are in the project's resources folder.
    demoDir: app.isPackaged ? join(process.resourcesPath, 'demo-logs') : join(here, '..', '..', 'resources', 'demo-logs'),
    cwd: process.cwd(),
    appPaths: [app.getAppPath(), fileURLToPath(import.meta.url), join(here, '..', '..')],
  })
  for (const folder of folders) await openFolder(folder)
}

app.whenReady().then(start, (error: unknown) => {
  console.error('[vigil] failed to start:', error)
  app.exit(1)
})

app.on('window-all-closed', () => {
  app.quit()
})

app.on('will-quit', () => {
  void engine?.close()
})
