/** SQLite figures for `vigil bench`: batched insert rate and the grid's findings query. */
import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { emptyEvent } from '../../shared/event'
import { severityOf } from '../../shared/finding'
import { Store, type KeyedEvent } from './Store'

export interface StoreBench {
  events: number
  insertMs: number
  insertPerSec: number
  scoreWriteMs: number
  /** Findings at MEDIUM or above, sorted by score: what the grid asks for. */
  queryMs: number
  queryRows: number
  dbMB: number
}

/** Synthetic sshd failures with distinct keys (deterministic). */
export function benchEvents(n: number): KeyedEvent[] {
  const t0 = Date.UTC(2025, 0, 1)
  return Array.from({ length: n }, (_, i) => {
    const ip = `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`
    const raw = `Jan  1 00:00:00 web${i % 7} sshd[${1000 + (i % 5000)}]: Failed password for user${i % 300} from ${ip} port ${1024 + (i % 60000)} ssh2`
    const event = {
      ...emptyEvent({ ts: t0 + i * 250, host: `web${i % 7}`, source_file: 'auth.log', source_line: i + 1, raw }),
      program: 'sshd',
      pid: 1000 + (i % 5000),
      event: 'auth_failure' as const,
      outcome: 'failure' as const,
      user: `user${i % 300}`,
      src_ip: ip,
      src_port: 1024 + (i % 60000),
      auth_method: 'password',
    }
    return { key: `bench:${i}`, event }
  })
}

export function benchStore(n = 200_000): StoreBench {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-bench-'))
  const path = join(dir, 'bench.sqlite')
  const store = Store.open(path)
  try {
    const events = benchEvents(n)
    const sourceId = store.addSource(dir, 0)
    const t0 = performance.now()
    const { inserted } = store.commitFile(
      {
        sourceId,
        relPath: 'auth.log',
        dev: 0,
        ino: 0,
        size: 0,
        mtimeMs: 0,
        offset: 0,
        compressed: false,
        format: 'auth',
        lines: n,
        events: n,
        unparsed: 0,
        lastEventTs: null,
        status: 'scanned',
        message: null,
        csvHeader: null,
      },
      events,
    )
    const t1 = performance.now()
    store.writeScores(
      inserted.map(({ id }, i) => {
        const score = ((i * 7919) % 1000) / 1000
        return {
          eventId: id,
          score: {
            score,
            severity: severityOf(score),
            threat_type: score >= 0.5 ? 'brute_force' : 'none',
            mitre_techniques: score >= 0.5 ? ['T1110.001'] : [],
            mitre_tactics: score >= 0.5 ? ['Credential Access'] : [],
            detector_scores: { iforest: score },
            reasons: [],
            episode: score >= 0.5 ? `brute_force:${i % 100}` : '',
          },
        }
      }),
      '18.1',
      null,
    )
    const t2 = performance.now()
    const rows = store.findings('MEDIUM').length
    const t3 = performance.now()
    return {
      events: n,
      insertMs: t1 - t0,
      insertPerSec: n / ((t1 - t0) / 1000),
      scoreWriteMs: t2 - t1,
      queryMs: t3 - t2,
      queryRows: rows,
      dbMB: (statSync(path).size + safeSize(`${path}-wal`)) / 1e6,
    }
  } finally {
    store.close()
    rmSync(dir, { recursive: true, force: true })
  }
}

function safeSize(path: string): number {
  try {
    return statSync(path).size
  } catch {
    return 0
  }
}
