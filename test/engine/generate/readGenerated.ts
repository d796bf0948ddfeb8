// Test helper: the lines (or JSON-document records) of a generated file, 0-based.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { gunzipSync } from 'node:zlib'

const cache = new Map<string, string[]>()

export function linesOf(root: string, rel: string): string[] {
  const key = join(root, rel)
  const hit = cache.get(key)
  if (hit) return hit
  const lines = readLines(root, rel)
  cache.set(key, lines)
  return lines
}

function readLines(root: string, rel: string): string[] {
  const buf = readFileSync(join(root, rel))
  const text = rel.endsWith('.gz') ? gunzipSync(buf).toString('utf8') : buf.toString('utf8')
  if (rel.endsWith('.json')) return (JSON.parse(text) as { events: unknown[] }).events.map((r) => JSON.stringify(r))
  const lines = text.split('\n')
  if (lines[lines.length - 1] === '') lines.pop()
  return lines
}

export interface LabelLine {
  file: string
  line: number
  attack: string
  episode: string
}

export function labelsOf(root: string, name = 'labels.csv'): LabelLine[] {
  const [header, ...rows] = readFileSync(join(root, name), 'utf8').trimEnd().split('\n')
  if (header !== 'file,line,attack,episode') throw new Error(`bad header ${header}`)
  return rows.map((r) => {
    const [file, line, attack, episode] = r.split(',')
    return { file, line: Number(line), attack, episode }
  })
}
