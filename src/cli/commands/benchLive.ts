/**
 * Live latency for `vigil bench`: from a line's append to its scored event, for single lines
 * (p50/p95/p99) and for a burst, on a watched generated folder with a trained model.
 */
import { appendFileSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createEngine } from '../../engine/api/createEngine'
import { generateDataset } from '../../engine/generate/generateDataset'
import type { Finding } from '../../shared/finding'

export interface LiveBench {
  singles: number
  p50: number
  p95: number
  p99: number
  burstLines: number
  burstMs: number
}

const quantile = (sorted: readonly number[], q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]

export async function benchLive(singles: number, burst: number): Promise<LiveBench> {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-bench-live-'))
  const engine = createEngine({ analyze: { seed: 42 }, watch: true })
  try {
    await generateDataset({ outDir: dir, events: 5_000, seed: 42, hosts: 2, days: 3, labelsFile: '.labels.csv' })
    const opened = await engine.scan([dir])
    if (!opened.ok) throw new Error(opened.error.message)
    const target = engine.sources().find((s) => s.format === 'auth' && s.path.endsWith('auth.log'))
    if (!target) throw new Error('no auth.log in the generated folder')
    const file = join(dir, target.path)
    const host = target.path.includes('/') ? target.path.split('/')[0] : 'bench'
    let port = 40_000
    const line = (): string => `${new Date().toISOString()} ${host} sshd[4242]: Failed password for root from 198.51.100.77 port ${port++} ssh2`
    // Resolves when every raw line in `raws` has come back scored.
    const scored = (raws: string[]): Promise<void> =>
      new Promise((resolve) => {
        const waiting = new Set(raws)
        const off = engine.onScored((findings: Finding[]) => {
          for (const f of findings) waiting.delete(f.raw)
          if (waiting.size === 0) {
            off()
            resolve()
          }
        })
      })

    const latencies: number[] = []
    for (let i = 0; i < singles; i++) {
      const raw = line()
      const done = scored([raw])
      const t0 = performance.now()
      appendFileSync(file, `${raw}\n`)
      await done
      latencies.push(performance.now() - t0)
    }
    latencies.sort((a, b) => a - b)

    const raws = Array.from({ length: burst }, line)
    const done = scored(raws)
    const t0 = performance.now()
    appendFileSync(file, `${raws.join('\n')}\n`)
    await done
    const burstMs = performance.now() - t0
    return { singles, p50: quantile(latencies, 0.5), p95: quantile(latencies, 0.95), p99: quantile(latencies, 0.99), burstLines: burst, burstMs }
  } finally {
    await engine.close()
    rmSync(dir, { recursive: true, force: true })
  }
}
