/**
 * Per-host baselines. A case may hold folders of several servers; each server's normal must be
 * learnt from its own lines, or adding one folder re-scores every other (a week of another
 * server's logs became the demo's baseline and moved its CRITICAL count by half).
 *
 * The unit of learning is a host group: hosts seen in the same opened folder are learnt together
 * (a fleet's folder is one normal, and an account walking between its hosts is seen as lateral
 * movement), hosts of different folders apart, unless one host is in both (then both folders hold
 * lines of that same server). Each group is analysed as a scan of its events alone would analyse
 * them, so adding a folder of another server leaves the first server's scores byte-identical.
 *
 * `byHostGroup(pipeline)` wraps the detection of a pipeline: `analyze` with `hostGroups` (two or more) analyses each
 * group on its own and keeps one model per group (`HostPartsModel`); `analyzeTable` does the same
 * with a first scan's table (each group's rows taken out of it as a table of their own, so a scan
 * of several folders reads no event back either); `scoreNew` scores a live line with its host's
 * model. With one group (every single-folder case) it is the wrapped detection.
 */
import type { NormalizedEvent } from '../../shared/event'
import type { EventScore } from '../../shared/finding'
import { subTable, type EventTable } from '../features/eventTable'
import { passScanMatches } from '../sigma/scanMatches'
import type { AnalysisOf, AnalyzeRequest, Detection } from './detection'

/** One model per host group (two or more groups). */
export interface HostPartsModel {
  kind: 'vigil.hostParts'
  /** TensorFlow.js backend of the first group whose autoencoder ran (the engine reports it). */
  backend: string | null
  parts: { hosts: string[]; events: number; model: unknown }[]
}

export function isHostPartsModel(model: unknown): model is HostPartsModel {
  return typeof model === 'object' && model !== null && (model as { kind?: unknown }).kind === 'vigil.hostParts'
}

/**
 * Groups hosts by the folders they were read from: two hosts are in one group when a folder holds
 * both, directly or through a chain of shared hosts. Each group's hosts are sorted, groups by
 * their first host (deterministic whatever the order of `pairs`).
 */
export function hostGroups(pairs: readonly { source: number; host: string }[]): string[][] {
  const parent = new Map<string, string>()
  const find = (x: string): string => {
    let root = x
    while (parent.get(root) !== root) root = parent.get(root)!
    // Path compression: later finds along this chain are one step.
    for (let y = x; y !== root; ) {
      const next = parent.get(y)!
      parent.set(y, root)
      y = next
    }
    return root
  }
  const add = (x: string): void => void (parent.has(x) || parent.set(x, x))
  for (const { source, host } of pairs) {
    const s = `s\u0000${source}`
    const h = `h\u0000${host}`
    add(s)
    add(h)
    const [rs, rh] = [find(s), find(h)]
    if (rs !== rh) parent.set(rs, rh)
  }
  const groups = new Map<string, string[]>()
  for (const node of parent.keys()) {
    if (!node.startsWith('h\u0000')) continue
    const root = find(node)
    const hosts = groups.get(root) ?? []
    hosts.push(node.slice(2))
    groups.set(root, hosts)
  }
  const out = [...groups.values()].map((hosts) => hosts.sort())
  return out.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
}

/** The part each event's host belongs to; a host no part names (a new server seen live) goes to the biggest part. */
function partIndexer(parts: readonly { hosts: readonly string[]; events: number }[]): (host: string) => number {
  const byHost = new Map<string, number>()
  parts.forEach((p, i) => p.hosts.forEach((h) => byHost.set(h, i)))
  let biggest = 0
  parts.forEach((p, i) => {
    if (p.events > parts[biggest].events) biggest = i
  })
  return (host) => byHost.get(host) ?? biggest
}

/** Splits `items` by part, keeping their order within each part; `index[p]` are their positions. */
function split<T>(items: readonly T[], partOf: (item: T) => number, nParts: number): { items: T[][]; index: number[][] } {
  const out = { items: Array.from({ length: nParts }, () => [] as T[]), index: Array.from({ length: nParts }, () => [] as number[]) }
  items.forEach((item, i) => {
    const p = partOf(item)
    out.items[p].push(item)
    out.index[p].push(i)
  })
  return out
}

/** The pipeline with per-host-group learning (see the module comment); the rest of it as it was. `inner` is a plain object. */
export function byHostGroup<P extends Detection<unknown>>(inner: P): P {
  const own: Detection<unknown> = {
    async analyze(events, options = {}): Promise<AnalysisOf<unknown>> {
      const { hostGroups: groups, ...rest } = options
      if (!groups || groups.length < 2) return inner.analyze(events, rest)
      const sized = groups.map((hosts) => ({ hosts, events: 0 }))
      const partOf = partIndexer(sized)
      const { items, index } = split(events, (e) => partOf(e.host), sized.length)
      const scores = new Array<EventScore>(events.length)
      const parts: HostPartsModel['parts'] = []
      let backend: string | null = null
      for (let p = 0; p < sized.length; p++) {
        if (items[p].length === 0) continue
        const analysis = await inner.analyze(items[p], { ...rest, onScores: undefined })
        index[p].forEach((at, i) => (scores[at] = analysis.scores[i]))
        backend ??= analysis.backend
        parts.push({ hosts: [...sized[p].hosts], events: items[p].length, model: analysis.model })
      }
      // Every event has a part with events, so a single remaining part is the whole case.
      const model: unknown = parts.length === 1 ? parts[0].model : ({ kind: 'vigil.hostParts', backend, parts } satisfies HostPartsModel)
      return { scores, model, backend }
    },
    ...(inner.analyzeTable ? { analyzeTable: (t: EventTable, options: AnalyzeRequest = {}) => analyzeTableByGroup(inner, t, options) } : {}),
    async scoreNew(model, history, fresh, sigma): Promise<EventScore[]> {
      if (!isHostPartsModel(model)) return inner.scoreNew(model, history, fresh, sigma)
      const partOf = partIndexer(model.parts)
      const byPart = split(fresh, (e: NormalizedEvent) => partOf(e.host), model.parts.length)
      const pastByPart = split(history, (e: NormalizedEvent) => partOf(e.host), model.parts.length)
      const scores = new Array<EventScore>(fresh.length)
      for (let p = 0; p < model.parts.length; p++) {
        if (byPart.items[p].length === 0) continue
        const got = await inner.scoreNew(model.parts[p].model, pastByPart.items[p], byPart.items[p], sigma)
        byPart.index[p].forEach((at, i) => (scores[at] = got[i]))
      }
      return scores
    },
    isUsableModel(model): model is unknown {
      return isHostPartsModel(model) ? model.parts.length > 0 && model.parts.every((p) => inner.isUsableModel(p.model)) : inner.isUsableModel(model)
    },
    featureSchemaVersion(model) {
      return inner.featureSchemaVersion(isHostPartsModel(model) ? model.parts[0].model : model)
    },
  }
  return { ...inner, ...own }
}

/**
 * `analyzeTable` per host group: each group's rows (in the table's time order) become a table of
 * their own (subTable: as the group's events alone would build it), analysed as `analyze` analyses
 * the group's events. The scores come whole, in `t`'s order: a group's rows are no contiguous
 * range of `t`, which the chunks of `onScores` name, so none is taken with two groups or more.
 */
async function analyzeTableByGroup(inner: Detection<unknown>, t: EventTable, options: AnalyzeRequest): Promise<AnalysisOf<unknown>> {
  const analyzeTable = inner.analyzeTable!.bind(inner)
  const { hostGroups: groups, ...rest } = options
  if (!groups || groups.length < 2) return analyzeTable(t, rest)
  if (rest.onScores) throw new Error('a per-host-group analysis gives its scores whole: no onScores')
  const sized = groups.map((hosts) => ({ hosts, events: 0 }))
  const partOf = partIndexer(sized)
  const partOfHost = t.hosts.values.map((h) => partOf(h))
  const none = partOf('')
  const counts = new Array<number>(sized.length).fill(0)
  const rowPart = new Uint32Array(t.n)
  for (let r = 0; r < t.n; r++) {
    const p = t.host[r] < 0 ? none : partOfHost[t.host[r]]
    rowPart[r] = p
    counts[p]++
  }
  const rows = counts.map((n) => new Uint32Array(n))
  const filled = new Array<number>(sized.length).fill(0)
  for (let r = 0; r < t.n; r++) rows[rowPart[r]][filled[rowPart[r]]++] = r
  const scores = new Array<EventScore>(t.n)
  const parts: HostPartsModel['parts'] = []
  let backend: string | null = null
  for (let p = 0; p < sized.length; p++) {
    if (rows[p].length === 0) continue
    const sub = subTable(t, rows[p])
    passScanMatches(t, sub)
    const analysis = await analyzeTable(sub, rest)
    rows[p].forEach((at, i) => (scores[at] = analysis.scores[i]))
    backend ??= analysis.backend
    parts.push({ hosts: [...sized[p].hosts], events: rows[p].length, model: analysis.model })
  }
  const model: unknown = parts.length === 1 ? parts[0].model : ({ kind: 'vigil.hostParts', backend, parts } satisfies HostPartsModel)
  return { scores, model, backend }
}
