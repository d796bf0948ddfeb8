/**
 * A tiny stand-in for ingest/parse/detect, so the engine's own logic (store, dedup, watching,
 * transports) is tested without depending on the detectors' exact scores. Lines look like
 * `2025-03-01T12:00:00Z web1 auth_failure root 10.0.0.1`; a user starting with `bad` scores 0.9.
 */
import { createHash } from 'node:crypto'
import { readdir, readFile, stat, open } from 'node:fs/promises'
import { basename, join, relative } from 'node:path'
import { emptyEvent, EVENT_KINDS, type NormalizedEvent } from '../../../src/shared/event'
import { severityOf, type EventScore } from '../../../src/shared/finding'
import { err, ok } from '../../../src/shared/result'
import type { Pipeline } from '../../../src/engine/api/pipeline'
import type { DiscoveredFile } from '../../../src/engine/ingest/discoverFiles'
import { isLogFileName } from '../../../src/engine/ingest/logFileName'

function parseLine(line: string, relPath: string, n: number): NormalizedEvent {
  const [ts, host, event, user, ip] = line.split(' ')
  const ms = Date.parse(ts)
  const e = emptyEvent({ ts: Number.isFinite(ms) ? ms : 0, host: host ?? '', source_file: relPath, source_line: n, raw: line })
  if (!Number.isFinite(ms) || !(EVENT_KINDS as readonly string[]).includes(event)) return e
  return { ...e, event: event as NormalizedEvent['event'], user: user ?? null, src_ip: ip ?? null, outcome: 'failure' }
}

const scoreOf = (e: NormalizedEvent): EventScore => {
  const score = e.user?.startsWith('bad') ? 0.9 : e.event === 'other' ? 0 : 0.1
  const flagged = score >= 0.5
  return {
    score,
    severity: severityOf(score),
    threat_type: flagged ? 'brute_force' : 'none',
    mitre_techniques: flagged ? ['T1110.001'] : [],
    mitre_tactics: flagged ? ['Credential Access'] : [],
    detector_scores: { rules: score },
    reasons: flagged ? [`bad user ${e.user}`] : [],
    episode: flagged ? `brute_force:${e.user}` : '',
  }
}

async function walk(dir: string): Promise<string[]> {
  const out: string[] = []
  for (const d of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, d.name)
    if (d.isDirectory()) out.push(...(await walk(p)))
    else if (isLogFileName(d.name)) out.push(p)
  }
  return out.sort()
}

export interface FakeCalls {
  analyze: number
  scoreNew: number
}

export function fakePipeline(calls: FakeCalls = { analyze: 0, scoreNew: 0 }): Pipeline<{ trainedOn: number }> {
  return {
    async discoverFiles(root) {
      const st = await stat(root)
      const paths = st.isFile() ? [root] : await walk(root)
      const files: DiscoveredFile[] = []
      for (const p of paths) {
        const s = await stat(p)
        const relPath = st.isFile() ? basename(p) : relative(root, p).split('\\').join('/')
        files.push({ absPath: p, relPath, size: s.size, mtimeMs: s.mtimeMs, dev: s.dev, ino: s.ino, compressed: p.endsWith('.gz') })
      }
      return { files, problems: [] }
    },
    async parseFile(file) {
      let text: string
      try {
        text = await readFile(file.absPath, 'utf8')
      } catch (e) {
        return { file, format: 'unknown', events: [], lines: 0, unparsed: 0, bytesRead: 0, tailOffset: 0, csvHeader: null, contentHead: null, truncatedLines: 0, problem: { file: file.relPath, code: 'unreadable', message: `${file.relPath}: permission denied (${(e as NodeJS.ErrnoException).code})` } }
      }
      const complete = text.slice(0, text.lastIndexOf('\n') + 1)
      const lines = complete.split('\n').slice(0, -1)
      const events = lines.map((l, i) => parseLine(l, file.relPath, i + 1))
      return { file, format: 'auth', events, lines: lines.length, unparsed: events.filter((e) => e.event === 'other').length, bytesRead: Buffer.byteLength(complete), tailOffset: Buffer.byteLength(complete), problem: null, csvHeader: null, contentHead: null, truncatedLines: 0 }
    },
    parseLines(lines, ctx) {
      return lines.map((l, i) => parseLine(l, ctx.relPath, ctx.firstLine + i))
    },
    hostHintFor: (file) => (file.relPath.includes('/') ? file.relPath.split('/')[0] : ''),
    async readAppended(absPath, fromOffset) {
      try {
        const fh = await open(absPath, 'r')
        try {
          const { size } = await fh.stat()
          const buf = Buffer.alloc(Math.max(0, size - fromOffset))
          await fh.read(buf, 0, buf.length, fromOffset)
          const end = buf.lastIndexOf(0x0a) + 1
          const lines = buf.subarray(0, end).toString('utf8').split('\n').slice(0, -1)
          return ok({ lines, nextOffset: fromOffset + end })
        } finally {
          await fh.close()
        }
      } catch (e) {
        return err({ file: absPath, code: 'unreadable', message: `${absPath}: ${(e as NodeJS.ErrnoException).code}` })
      }
    },
    eventKey: (e) => createHash('sha1').update(`${e.host}\n${e.ts}\n${e.raw}`).digest('hex'),
    async analyze(events) {
      calls.analyze++
      return { scores: events.map(scoreOf), model: { trainedOn: events.length }, backend: null }
    },
    async scoreNew(_model, _history, fresh) {
      calls.scoreNew++
      return fresh.map(scoreOf)
    },
    isUsableModel: (m): m is { trainedOn: number } => typeof (m as { trainedOn?: unknown } | null)?.trainedOn === 'number',
    featureSchemaVersion: () => 'fake-1',
  }
}
