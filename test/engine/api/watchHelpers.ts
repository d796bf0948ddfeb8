/** Shared helpers of the live-watch tests: real files, real engine, bounded polling waits. */
import { chmodSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createEngine } from '../../../src/engine/api/createEngine'
import type { Engine, EngineOptions } from '../../../src/engine/api/Engine'

/** Polls `cond` every 20 ms until it holds; fails after `timeoutMs` with what was last seen. */
export async function waitUntil(cond: () => boolean, what: string | (() => string), timeoutMs = 10_000): Promise<void> {
  const t0 = Date.now()
  while (!cond()) {
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${typeof what === 'string' ? what : what()}`)
    await new Promise((r) => setTimeout(r, 20))
  }
}

let port = 30_000
/** A unique, parseable sshd line (its port makes it unique); `user` starting with `bad` is hostile. */
export function authLine(user = 'alice', sec = 0, host = 'web1'): string {
  const ts = new Date(Date.UTC(2025, 2, 1, 10, 0, sec % 60)).toISOString().replace('Z', '000+00:00')
  return `${ts} ${host} sshd[${1000 + (port % 5000)}]: Failed password for ${user} from 10.0.0.9 port ${port++} ssh2`
}

export const lines = (n: number, user = 'alice'): string[] => Array.from({ length: n }, (_, i) => authLine(user, i))

/** Temp folders and engines, cleaned up after each test. */
export function watchFixture() {
  const engines: Engine[] = []
  const dirs: string[] = []
  return {
    tmp(): string {
      const d = mkdtempSync(join(tmpdir(), 'vigil-watch-'))
      chmodSync(d, 0o755) // the unreadable test drops to uid 65534, which must still enter it
      dirs.push(d)
      return d
    },
    engine(over: Partial<EngineOptions> = {}): Engine {
      const e = createEngine({ analyze: { seed: 7 }, watch: { settleMs: 50 }, log: () => undefined, ...over })
      engines.push(e)
      return e
    },
    async cleanup(): Promise<void> {
      for (const e of engines.splice(0)) await e.close()
      for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
    },
  }
}

/** Every stored event's raw line, sorted (for exact "each line once" checks). */
export function storedRaws(engine: Engine): string[] {
  return engine.findings('NONE').map((f) => f.raw).sort()
}
