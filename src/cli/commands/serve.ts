/** `vigil serve [PATH]`: the UI in a browser over a loopback WebSocket, until Ctrl-C. */
import { spawn } from 'node:child_process'
import { existsSync, mkdirSync } from 'node:fs'
import { stat } from 'node:fs/promises'
import { basename, dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Command } from 'commander'
import { createEngine } from '../../engine/api/createEngine'
import type { Engine } from '../../engine/api/Engine'
import { CaseBook, casesDirOf } from '../../engine/cases/CaseBook'
import { CaseSwitch } from '../../engine/cases/CaseSwitch'
import { addEngineOptions, analyzeOptionsOf, parseOptionsOf, sigmaLibraryOf, type EngineCliOptions } from '../engineOptions'
import { EXIT, untilStopped, type CliIO } from '../io'
import { parsePort } from '../options'
import { desktopStorePath } from '../serve/defaultStore'
import { startServer, type RunningServer } from '../serve/startServer'

export interface ServeOptions extends EngineCliOptions {
  port?: number
  db?: string
  open?: boolean
}

/** The built renderer beside the built CLI: out/cli/index.js → out/renderer. */
export function defaultRendererDir(io: CliIO): string {
  return io.env.VIGIL_RENDERER_DIR ?? fileURLToPath(new URL('../renderer/', import.meta.url))
}

export function registerServe(program: Command, io: CliIO, setExit: (code: number) => void): void {
  const command = program
    .command('serve')
    .description('open the Vigil UI in a browser (loopback only)')
    .argument('[path]', 'log folder or file to open at start')
    .option('--port <n>', 'port on 127.0.0.1 (default: a free one)', parsePort)
    .option('--db <file>', "SQLite store (default: the desktop app's, ~/.config/vigil/vigil.sqlite; ':memory:' keeps nothing)")
    .option('--no-open', 'do not open a browser')
  addEngineOptions(command).action(async (path: string | undefined, options: ServeOptions) => setExit(await runServe(path, options, io)))
}

/**
 * The store to open: `--db` as given, else the desktop app's file (created with its folder), so a
 * crash never loses triage; in memory only when asked (`--db :memory:`) or no home folder is known.
 * Null (after saying why) when the default store's folder cannot be made.
 */
function storeFor(db: string | undefined, io: CliIO): string | null {
  if (db !== undefined) return db === ':memory:' ? db : resolve(io.cwd, db)
  const path = desktopStorePath(io.env)
  if (path === null) {
    io.err('vigil: no home folder known (HOME is not set): the store is in memory, triage ends with this run; use --db FILE to keep it\n')
    return ':memory:'
  }
  try {
    mkdirSync(dirname(path), { recursive: true })
  } catch (e) {
    io.err(`vigil: cannot create ${dirname(path)} for the store (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); use --db FILE\n`)
    return null
  }
  io.err(`Store: ${path} (triage is kept there; --db FILE for another)\n`)
  return path
}

export async function runServe(path: string | undefined, options: ServeOptions, io: CliIO, rendererDir = defaultRendererDir(io)): Promise<number> {
  if (!existsSync(join(rendererDir, 'index.html'))) {
    io.err(`vigil: the UI is not built (no ${join(rendererDir, 'index.html')}); run \`npm run build\` first\n`)
    return EXIT.internal
  }
  if (path !== undefined) {
    try {
      await stat(resolve(io.cwd, path))
    } catch {
      io.err(`vigil: ${path}: no such file or folder\n`)
      return EXIT.usage
    }
  }
  const sigma = await sigmaLibraryOf(options, io)
  if (!sigma.ok) {
    io.err(`vigil: ${sigma.error}\n`)
    return EXIT.usage
  }
  const dbPath = storeFor(options.db, io)
  if (dbPath === null) return EXIT.usage
  const engineOf = (storePath: string): Engine =>
    createEngine({
      dbPath: storePath,
      watch: true,
      analyze: { ...analyzeOptionsOf(options), ...(sigma.value && { sigma: sigma.value }) },
      parse: parseOptionsOf(options),
    })
  const engine = engineOf(dbPath)
  // The store is a case (`--db FILE` names it); the page can make and switch cases beside it.
  const cases = casesFor(dbPath, options.db, engine, engineOf, io)
  let server: RunningServer | undefined
  try {
    try {
      server = await startServer({
        engine: cases?.asEngine() ?? engine,
        ...(cases && { cases }),
        port: options.port,
        rendererDir,
        log: (m) => io.err(`${m}\n`),
      })
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code
      io.err(`vigil: cannot listen on 127.0.0.1:${options.port ?? 0} (${code ?? (e as Error).message})\n`)
      return EXIT.usage
    }
    io.out(`Vigil is serving on ${server.url}\n`)
    // The page is usable at once: the folder is read in the background and the UI shows the scan's
    // progress, then fills the grid when the summary arrives.
    // Without a folder, a store from an earlier session re-opens that session's folders, as the
    // desktop app does: stored offsets make this read only what was written since.
    const opening =
      path !== undefined ? openInBackground(engine, resolve(io.cwd, path), path, io) : dbPath !== ':memory:' ? restoreInBackground(engine, io) : Promise.resolve()
    if (options.open !== false && io.isTTY === true && !io.env.CI) openBrowser(server.url)
    await untilStopped(io)
    await opening
    return EXIT.ok
  } finally {
    await server?.close()
    await (cases ?? engine).close()
  }
}

/** The cases beside the store, or null for an in-memory store (nothing to switch back to). */
function casesFor(dbPath: string, db: string | undefined, engine: Engine, engineOf: (path: string) => Engine, io: CliIO): CaseSwitch | null {
  if (dbPath === ':memory:') return null
  const dir = casesDirOf(io.env, desktopStorePath(io.env)) ?? join(dirname(dbPath), 'cases')
  const book = new CaseBook(dir)
  const info = book.ofStore(dbPath, db === undefined ? 'Default case' : basename(dbPath).replace(/\.(sqlite3?|db)$/i, ''))
  return new CaseSwitch(book, engineOf, { engine, info })
}

/** Opens the folder given on the command line; problems are reported, never fatal to the server. */
async function openInBackground(engine: Engine, abs: string, shown: string, io: CliIO): Promise<void> {
  io.err(`Opening ${shown} ...\n`)
  try {
    const opened = await engine.open(abs)
    if (!opened.ok) {
      io.err(`vigil: ${opened.error.message}\n`)
      return
    }
    for (const p of opened.value.problems) io.err(`vigil: ${p.message}\n`)
    io.err(`Opened ${shown}: ${opened.value.events.toLocaleString('en-US')} events\n`)
  } catch (e) {
    io.err(`vigil: opening ${shown} failed: ${(e as Error).message}\n`)
  }
}

async function restoreInBackground(engine: Engine, io: CliIO): Promise<void> {
  try {
    for (const p of await engine.restore()) io.err(`vigil: ${p.message}\n`)
  } catch (e) {
    io.err(`vigil: re-opening the last session's folders failed: ${(e as Error).message}\n`)
  }
}

function openBrowser(url: string): void {
  const command = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open'
  try {
    spawn(command, [url], { detached: true, stdio: 'ignore' })
      .on('error', () => undefined)
      .unref()
  } catch {
    // No browser opener here: the URL is printed above.
  }
}
