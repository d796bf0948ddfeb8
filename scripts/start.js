#!/usr/bin/env node
// `npm start`: the desktop app on the bundled demo logs. Where the Electron binary is not
// installed (it cannot be downloaded on every machine), say so in one line and serve the same UI
// in a browser with `vigil serve` instead.
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { homedir } from 'node:os'
import { dirname, join } from 'node:path'

const root = join(import.meta.dirname, '..')

/**
 * The Electron executable, or null. Reads electron's path.txt rather than `require('electron')`,
 * which tries to download a missing binary (and fails noisily offline).
 */
function electronBinary() {
  try {
    const dir = dirname(createRequire(import.meta.url).resolve('electron/package.json'))
    const pathFile = join(dir, 'path.txt')
    if (!existsSync(pathFile)) return null
    const executable = join(process.env.ELECTRON_OVERRIDE_DIST_PATH ?? join(dir, 'dist'), readFileSync(pathFile, 'utf8').trim())
    return existsSync(executable) ? executable : null
  } catch {
    return null
  }
}

/** Builds the app when its output is missing; prints the build's output only if it fails. */
function ensureBuilt(required) {
  if (required.every((file) => existsSync(join(root, file)))) return
  const build = spawnSync('npm', ['run', '--silent', 'build'], { cwd: root, encoding: 'utf8' })
  if (build.status !== 0) {
    process.stderr.write(`${build.stdout ?? ''}${build.stderr ?? ''}`)
    console.error('npm start: the build failed (above).')
    process.exit(1)
  }
}

/** Runs a child in the foreground, passing Ctrl-C on and exiting with its code. */
function foreground(command, args) {
  const child = spawn(command, args, { cwd: root, stdio: 'inherit' })
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal))
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)))
}

/**
 * Whether Electron's Node can load better-sqlite3: npm builds it for the Node that ran the
 * install, and Electron has another ABI until `npm run package:rebuild-native` rebuilt it.
 */
function sqliteLoadsIn(electron) {
  const probe = spawnSync(electron, ['-e', "new (require('better-sqlite3'))(':memory:').close()"], {
    cwd: root,
    env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
    encoding: 'utf8',
  })
  return probe.status === 0
}

/** Where the desktop app keeps its store (Electron's userData for the app name `vigil`), so triage survives restarts here too. */
function desktopStore() {
  const base =
    process.platform === 'darwin'
      ? join(homedir(), 'Library', 'Application Support')
      : process.platform === 'win32'
        ? (process.env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'))
        : (process.env.XDG_CONFIG_HOME ?? join(homedir(), '.config'))
  return join(base, 'vigil', 'vigil.sqlite')
}

function serveDemo(why) {
  const db = desktopStore()
  console.log(`${why}; starting \`vigil serve\` on the demo logs instead (store: ${db}).`)
  ensureBuilt(['out/cli/index.js', 'out/renderer/index.html'])
  mkdirSync(dirname(db), { recursive: true })
  foreground(process.execPath, ['bin/vigil.js', 'serve', 'resources/demo-logs', '--db', db])
}

const electron = electronBinary()
if (!electron) serveDemo('Electron binary not available here')
else if (!sqliteLoadsIn(electron)) serveDemo('better-sqlite3 is built for Node, not Electron (run `npm run package:rebuild-native` once, on a networked machine)')
else {
  ensureBuilt(['out/main/index.js', 'out/preload/index.cjs', 'out/renderer/index.html'])
  foreground(electron, ['.', '--demo'])
}
