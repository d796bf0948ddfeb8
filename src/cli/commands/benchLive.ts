/**
 * Live figures for `vigil bench`: latency from a line's append to its scored event for single
 * lines and for bursts (p50/p95/p99 per line), the sustained ingest rate while watching, and a
 * soak (many files appended at a fixed combined rate by another process: exact counts, memory,
 * latency). All on a watched generated folder with a trained model.
 */
import { spawn } from 'node:child_process'
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createEngine } from '../../engine/api/createEngine'
import type { Engine } from '../../engine/api/Engine'
import { generateDataset } from '../../engine/generate/generateDataset'
import type { Finding } from '../../shared/finding'

export interface LiveBench {
  singles: number
  p50: number
  p95: number
  p99: number
  /** Lines of the last burst and the time until all of them were scored (kept for older callers). */
  burstLines: number
  burstMs: number
  bursts: number
  burstSize: number
  /** Per line of every burst: append → scored. */
  burstP50: number
  burstP95: number
  burstP99: number
  /** Lines appended as fast as possible across several files, and how fast they were stored and scored. */
  sustainedLines: number
  sustainedPerSec: number
}

export interface SoakOptions {
  files: number
  linesPerSec: number
  seconds: number
  /** How long to wait for the last lines after the writer stopped (default 60 s). */
  drainTimeoutMs?: number
}

export interface SoakResult {
  written: number
  stored: number
  /** written − stored: lines lost (negative: duplicated). */
  lost: number
  /** Lines per second the writer actually achieved. */
  writeRate: number
  p50: number
  p95: number
  p99: number
  maxMs: number
  rssStartMB: number
  rssMaxMB: number
  rssEndMB: number
  /** Largest V8 heap in use seen (JS objects; RSS adds SQLite's cache, buffers and allocator slack). */
  heapMaxMB: number
  /** From the writer's end until the last line was scored. */
  drainMs: number
  /** Lines stored and scored per second, from the writer's start to the last line scored. */
  processRate: number
  /** RSS every 5 s from the writer's start (MB): flat once warm if memory is bounded. */
  rssTimelineMB: number[]
}

export const quantile = (sorted: ArrayLike<number>, q: number): number =>
  sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]

/** A watched generated folder (5,000 events, trained) plus `extraFiles` empty logs to append to. */
async function watchedFolder(extraFiles: number, dbPath?: string): Promise<{ dir: string; engine: Engine; extra: string[]; file: string; host: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-bench-live-'))
  await generateDataset({ outDir: dir, events: 5_000, seed: 42, hosts: 2, days: 3, labelsFile: '.labels.csv' })
  const extra = Array.from({ length: extraFiles }, (_, i) => join(dir, `live${i}.log`))
  for (const f of extra) writeFileSync(f, '')
  const engine = createEngine({ dbPath, analyze: { seed: 42 }, watch: { settleMs: 20 }, log: (m) => void process.stderr.write(`${m}\n`) })
  const opened = await engine.scan([dir])
  if (!opened.ok) throw new Error(opened.error.message)
  const target = engine.sources().find((s) => s.format === 'auth' && s.path.endsWith('auth.log'))
  if (!target) throw new Error('no auth.log in the generated folder')
  const host = target.path.includes('/') ? target.path.split('/')[0] : 'bench'
  return { dir, engine, extra, file: join(dir, target.path), host }
}

export async function benchLive(singles: number, burst: number, bursts = 10): Promise<LiveBench> {
  const { dir, engine, extra, file, host } = await watchedFolder(4)
  try {
    let port = 40_000
    const line = (): string => `${new Date().toISOString()} ${host} sshd[4242]: Failed password for root from 198.51.100.77 port ${port++} ssh2`
    const scoredAt = new Map<string, number>()
    let scoredCount = 0
    engine.onScored((findings: Finding[]) => {
      const now = performance.now()
      scoredCount += findings.length
      for (const f of findings) if (scoredAt.size < 50_000) scoredAt.set(f.raw, now)
    })
    const until = async (cond: () => boolean): Promise<void> => {
      const t0 = performance.now()
      while (!cond()) {
        if (performance.now() - t0 > 60_000) throw new Error('live bench: lines not scored within 60 s')
        await new Promise((r) => setTimeout(r, 1))
      }
    }

    const latencies: number[] = []
    for (let i = 0; i < singles; i++) {
      const raw = line()
      const t0 = performance.now()
      appendFileSync(file, `${raw}\n`)
      await until(() => scoredAt.has(raw))
      latencies.push(scoredAt.get(raw)! - t0)
    }
    latencies.sort((a, b) => a - b)

    const burstLatencies: number[] = []
    let burstMs = 0
    for (let b = 0; b < bursts; b++) {
      scoredAt.clear()
      const raws = Array.from({ length: burst }, line)
      const t0 = performance.now()
      appendFileSync(file, `${raws.join('\n')}\n`)
      await until(() => raws.every((r) => scoredAt.has(r)))
      for (const r of raws) burstLatencies.push(scoredAt.get(r)! - t0)
      burstMs = Math.max(...raws.map((r) => scoredAt.get(r)!)) - t0
    }
    burstLatencies.sort((a, b) => a - b)

    // Sustained: 50,000 lines per file-set written as fast as the disk takes them, in 1,000-line writes.
    scoredAt.clear()
    const sustainedLines = Math.max(burst * 10, 20_000)
    const before = scoredCount
    const t0 = performance.now()
    for (let written = 0; written < sustainedLines; written += 1_000) {
      appendFileSync(extra[(written / 1_000) % extra.length], `${Array.from({ length: 1_000 }, line).join('\n')}\n`)
      await new Promise((r) => setImmediate(r))
    }
    await until(() => scoredCount - before >= sustainedLines)
    const sustainedPerSec = sustainedLines / ((performance.now() - t0) / 1000)
    return {
      singles,
      p50: quantile(latencies, 0.5),
      p95: quantile(latencies, 0.95),
      p99: quantile(latencies, 0.99),
      burstLines: burst,
      burstMs,
      bursts,
      burstSize: burst,
      burstP50: quantile(burstLatencies, 0.5),
      burstP95: quantile(burstLatencies, 0.95),
      burstP99: quantile(burstLatencies, 0.99),
      sustainedLines,
      sustainedPerSec,
    }
  } finally {
    await engine.close()
    rmSync(dir, { recursive: true, force: true })
  }
}

/**
 * The writer of the soak, run as its own process so it keeps its rate whatever the engine does:
 * appends complete lines to each file at a combined rate, each stamped with its write time (the
 * event's timestamp, so latency = scored time − event time). Prints the number written.
 */
const WRITER = `
const fs = require('node:fs')
const [files, rate, seconds] = [JSON.parse(process.argv[1]), Number(process.argv[2]), Number(process.argv[3])]
const t0 = Date.now()
let written = 0
let seq = 0
function tick() {
  const elapsed = Date.now() - t0
  const due = Math.min(Math.floor((rate * Math.min(elapsed, seconds * 1000)) / 1000), rate * seconds) - written
  if (due > 0) {
    const parts = files.map(() => [])
    for (let i = 0; i < due; i++) {
      const s = seq++
      const ts = new Date().toISOString()
      parts[s % files.length].push(ts + ' soak' + (s % files.length) + ' sshd[' + (3000 + (s % 500)) + ']: ' + (s % 3 === 0 ? 'Accepted publickey for u' + (s % 53) : 'Failed password for u' + (s % 61)) + ' from 10.2.' + (s % 200) + '.' + (s % 251) + ' port ' + s + ' ssh2')
    }
    parts.forEach((p, i) => { if (p.length > 0) fs.appendFileSync(files[i], p.join('\\n') + '\\n') })
    written += due
  }
  if (elapsed >= seconds * 1000) { process.stdout.write(written + ' ' + (Date.now() - t0)); return }
  setTimeout(tick, 10)
}
tick()
`

/** Appends `linesPerSec` lines across `files` files for `seconds` while watching; counts every line. */
export async function soakLive(options: SoakOptions): Promise<SoakResult> {
  // A store file, as the app and `vigil watch --db` use: an in-memory store would hold every
  // event in RAM and make the memory figures measure the data instead of the engine.
  const dbDir = mkdtempSync(join(tmpdir(), 'vigil-soak-db-'))
  const { dir, engine, extra } = await watchedFolder(options.files, join(dbDir, 'soak.db'))
  let sampler: NodeJS.Timeout | null = null
  try {
    const soakFiles = new Set(extra.map((f) => f.slice(dir.length + 1)))
    const latencies: number[] = []
    let stored = 0
    engine.onScored((findings: Finding[]) => {
      const now = Date.now()
      for (const f of findings) {
        if (!soakFiles.has(f.source_file)) continue
        stored++
        latencies.push(now - f.ts)
      }
    })
    const rss = (): number => process.memoryUsage().rss / 1e6
    const rssStartMB = rss()
    let rssMaxMB = rssStartMB
    let heapMaxMB = 0
    const rssTimelineMB: number[] = []
    let samples = 0
    sampler = setInterval(() => {
      const m = process.memoryUsage()
      rssMaxMB = Math.max(rssMaxMB, m.rss / 1e6)
      heapMaxMB = Math.max(heapMaxMB, m.heapUsed / 1e6)
      if (++samples % 20 === 0) rssTimelineMB.push(Math.round(m.rss / 1e6))
    }, 250)
    const [written, writerMs] = await new Promise<number[]>((resolve, reject) => {
      const child = spawn(process.execPath, ['-e', WRITER, JSON.stringify(extra), String(options.linesPerSec), String(options.seconds)], { stdio: ['ignore', 'pipe', 'pipe'] })
      let out = ''
      let err = ''
      child.stdout.on('data', (d: Buffer) => (out += d.toString()))
      child.stderr.on('data', (d: Buffer) => (err += d.toString()))
      child.on('exit', (code) => (code === 0 ? resolve(out.split(' ').map(Number)) : reject(new Error(`soak writer failed: ${err}`))))
    })
    const writeRate = written / (writerMs / 1000)
    const drainStart = Date.now()
    const timeout = options.drainTimeoutMs ?? 60_000
    while (stored < written && Date.now() - drainStart < timeout) await new Promise((r) => setTimeout(r, 20))
    await engine.idle()
    const drainMs = Date.now() - drainStart
    const inStore = engine.sources().filter((s) => soakFiles.has(s.path)).reduce((n, s) => n + s.events, 0)
    latencies.sort((a, b) => a - b)
    return {
      written,
      stored: inStore,
      lost: written - inStore,
      writeRate,
      p50: quantile(latencies, 0.5),
      p95: quantile(latencies, 0.95),
      p99: quantile(latencies, 0.99),
      maxMs: latencies.length > 0 ? latencies[latencies.length - 1] : 0,
      rssStartMB,
      rssMaxMB: Math.max(rssMaxMB, rss()),
      rssEndMB: rss(),
      heapMaxMB,
      drainMs,
      processRate: inStore / ((writerMs + drainMs) / 1000),
      rssTimelineMB,
    }
  } finally {
    if (sampler) clearInterval(sampler)
    await engine.close()
    rmSync(dir, { recursive: true, force: true })
    rmSync(dbDir, { recursive: true, force: true })
  }
}

const ms = (x: number): string => `${x >= 100 ? Math.round(x).toLocaleString('en-US') : x.toFixed(1)} ms`
const perSec = (x: number): string => `${Math.round(x).toLocaleString('en-US')}/s`

/** The `vigil bench` lines of the live figures: [name, ...figures]. */
export function liveBenchLines(live: LiveBench): string[][] {
  return [
    ['live latency', `${live.singles} single lines`, `p50 ${ms(live.p50)}`, `p95 ${ms(live.p95)}`, `p99 ${ms(live.p99)}`],
    ['live bursts', `${live.bursts} × ${live.burstSize} lines`, `p50 ${ms(live.burstP50)}`, `p95 ${ms(live.burstP95)}`, `p99 ${ms(live.burstP99)}`],
    ['live sustained', `${live.sustainedLines.toLocaleString('en-US')} lines`, `${perSec(live.sustainedPerSec)} stored and scored`],
  ]
}

/** The `vigil bench --soak` lines: [name, ...figures]. */
export function soakLines(s: SoakResult, options: SoakOptions): string[][] {
  return [
    ['soak', `${options.files} files`, `${perSec(s.writeRate)} for ${options.seconds} s`, `written ${s.written.toLocaleString('en-US')}`, `stored ${s.stored.toLocaleString('en-US')}`, `lost ${s.lost}`, `processed ${perSec(s.processRate)}`],
    ['soak latency', `p50 ${ms(s.p50)}`, `p95 ${ms(s.p95)}`, `p99 ${ms(s.p99)}`, `drain ${ms(s.drainMs)}`],
    ['soak memory', `rss start ${s.rssStartMB.toFixed(0)} MB`, `max ${s.rssMaxMB.toFixed(0)} MB`, `end ${s.rssEndMB.toFixed(0)} MB`, `heap max ${s.heapMaxMB.toFixed(0)} MB`],
  ]
}
