/**
 * Per-host baselines: adding a folder of another server to a case leaves the first folder's scores
 * exactly as they were, and the new folder's are what scanning it alone gives (the case:
 * loghub's 2,000-line OpenSSH log added to the open demo moved the demo's CRITICAL count by half).
 */
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { Engine } from '../../../src/engine/api/Engine'
import { byHostGroup, hostGroups, isHostPartsModel } from '../../../src/engine/detect/hostParts'
import type { Pipeline } from '../../../src/engine/api/pipeline'
import type { EventScore } from '../../../src/shared/finding'
import type { NormalizedEvent } from '../../../src/shared/event'
import { sharedPath } from '../../support/sharedData'
import { waitUntil, watchFixture } from '../api/watchHelpers'

const fx = watchFixture()
afterEach(() => fx.cleanup())

const DEMO = resolve(import.meta.dirname, '../../../resources/demo-logs')

/** Everything a stored event's score says, by the event's host, file and line. */
function scoresOf(engine: Engine, hosts?: ReadonlySet<string>): Map<string, unknown> {
  const out = new Map<string, unknown>()
  for (const f of engine.findings('NONE')) {
    if (hosts && !hosts.has(f.host)) continue
    const { score, severity, threat_type, reasons, episode, mitre_techniques, detector_scores } = f
    out.set(`${f.host}|${f.source_file}|${f.source_line}`, { score, severity, threat_type, reasons, episode, mitre_techniques, detector_scores })
  }
  return out
}

const severities = (engine: Engine): Record<string, number> => {
  const n: Record<string, number> = {}
  for (const f of engine.findings('NONE')) n[f.severity] = (n[f.severity] ?? 0) + 1
  return n
}

describe('host groups', () => {
  it('joins hosts that share a folder, and folders that share a host', () => {
    expect(
      hostGroups([
        { source: 2, host: 'db-01' },
        { source: 1, host: 'web-01' },
        { source: 1, host: 'app-01' },
        { source: 3, host: 'LabSZ' },
        { source: 4, host: 'mail' },
        { source: 4, host: 'db-01' },
      ]),
    ).toEqual([['LabSZ'], ['app-01', 'web-01'], ['db-01', 'mail']])
    expect(hostGroups([])).toEqual([])
  })
})

describe('a second folder of another server in the case', () => {
  it('leaves the first folder’s scores byte-identical, and scores the second as a scan of it alone', async () => {
    const openssh = sharedPath('data/real-logs/loghub-OpenSSH_2k.log')
    const engine = fx.engine({ watch: undefined })
    expect((await engine.open(DEMO)).ok).toBe(true)
    const demoHosts = new Set(engine.findings('NONE').map((f) => f.host))
    const demoAlone = scoresOf(engine)
    const demoCounts = severities(engine)
    expect(demoHosts.has('LabSZ')).toBe(false)

    expect((await engine.open(openssh)).ok).toBe(true)
    expect(engine.openRoots()).toEqual([DEMO, openssh])
    expect(scoresOf(engine, demoHosts)).toEqual(demoAlone)

    const alone = fx.engine({ watch: undefined })
    await alone.scan([openssh])
    const sshAlone = scoresOf(alone)
    expect(sshAlone.size).toBe(2000)
    expect(scoresOf(engine, new Set(['LabSZ']))).toEqual(sshAlone)
    // The case's counts are the two scans' counts added up.
    const both = severities(engine)
    const sshCounts = severities(alone)
    for (const s of new Set([...Object.keys(demoCounts), ...Object.keys(sshCounts)])) {
      expect(both[s] ?? 0, s).toBe((demoCounts[s] ?? 0) + (sshCounts[s] ?? 0))
    }
  })

  it('a first scan of both folders at once scores each as a scan of it alone, from the columns it kept (no event read back)', async () => {
    const openssh = sharedPath('data/real-logs/loghub-OpenSSH_2k.log')
    const demo = fx.engine({ watch: undefined })
    await demo.scan([DEMO])
    const demoAlone = scoresOf(demo)
    const ssh = fx.engine({ watch: undefined })
    await ssh.scan([openssh])
    const sshAlone = scoresOf(ssh)

    const both = fx.engine({ watch: undefined })
    const readBack = vi.spyOn(both.store, 'allEvents')
    expect((await both.scan([DEMO, openssh])).ok).toBe(true)
    expect(readBack).not.toHaveBeenCalled()
    const model = both.store.latestModel()?.model
    expect(isHostPartsModel(model) && model.parts.map((p) => p.events)).toEqual([2000, demoAlone.size])
    expect(scoresOf(both, new Set(['LabSZ']))).toEqual(sshAlone)
    expect(scoresOf(both, new Set([...demoAlone.keys()].map((k) => k.split('|')[0])))).toEqual(demoAlone)
  })

  it('scores a line appended to the first folder with its own host group’s model, as if the other were not open', async () => {
    const line = (host: string, sec: number, what: string): string =>
      `2025-03-01T10:00:${String(sec).padStart(2, '0')}.000000+00:00 ${host} sshd[${4000 + sec}]: ${what}\n`
    const webLines = [1, 2, 3].map((s) => line('web1', s, `Accepted password for alice from 10.0.0.4 port ${40_000 + s} ssh2`)).join('')
    const appended = line('web1', 9, 'Failed password for alice from 198.51.100.9 port 40009 ssh2')
    const liveScoreOf = async (withSecondFolder: boolean): Promise<unknown> => {
      const a = fx.tmp()
      writeFileSync(join(a, 'auth.log'), webLines)
      const engine = fx.engine()
      await engine.open(a)
      if (withSecondFolder) {
        const b = fx.tmp()
        // A watched file's last line counts once its newline is written: loghub's file ends without one.
        writeFileSync(join(b, 'loghub-OpenSSH_2k.log'), `${readFileSync(sharedPath('data/real-logs/loghub-OpenSSH_2k.log'), 'utf8').trimEnd()}\n`)
        await engine.open(b)
        const model = engine.store.latestModel()?.model
        expect(isHostPartsModel(model) && model.parts.map((p) => [p.hosts, p.events])).toEqual([
          [['LabSZ'], 2000],
          [['web1'], 3],
        ])
      }
      const before = engine.store.eventCount()
      appendFileSync(join(a, 'auth.log'), appended)
      await waitUntil(() => engine.store.eventCount() === before + 1, 'the appended line')
      await engine.idle()
      const f = engine.findings('NONE').find((x) => x.raw === appended.trimEnd())!
      return { score: f.score, severity: f.severity, threat_type: f.threat_type, reasons: f.reasons, detector_scores: f.detector_scores }
    }
    expect(await liveScoreOf(true)).toEqual(await liveScoreOf(false))
  })
})

describe('byHostGroup', () => {
  /** A fake inner pipeline whose "model" is the hosts it learnt and whose scores name that model. */
  function fake(): Pipeline<unknown> {
    const score = (model: string, e: NormalizedEvent): EventScore =>
      ({ score: 0, severity: 'NONE', threat_type: 'none', reasons: [`${model}:${e.host}`] }) as unknown as EventScore
    const inner: Pick<Pipeline<unknown>, 'analyze' | 'scoreNew' | 'isUsableModel' | 'featureSchemaVersion'> = {
      analyze: async (events) => {
        const model = [...new Set(events.map((e) => e.host))].sort().join('+')
        return { scores: events.map((e) => score(model, e)), model, backend: null }
      },
      scoreNew: async (model, _history, fresh) => fresh.map((e) => score(String(model), e)),
      isUsableModel: (m): m is unknown => typeof m === 'string',
      featureSchemaVersion: () => '1',
    }
    return inner as Pipeline<unknown>
  }
  const ev = (host: string): NormalizedEvent => ({ host }) as NormalizedEvent

  it('learns each group apart, scores live lines with their group’s model, a new host with the biggest group’s', async () => {
    const p = byHostGroup(fake())
    const events = [ev('a'), ev('c'), ev('b'), ev('c'), ev('a')]
    const { scores, model } = await p.analyze(events, { hostGroups: [['a', 'b'], ['c']] })
    expect(scores.map((s) => s.reasons[0])).toEqual(['a+b:a', 'c:c', 'a+b:b', 'c:c', 'a+b:a'])
    expect(p.isUsableModel(model)).toBe(true)
    const live = await p.scoreNew(model, [], [ev('c'), ev('new'), ev('b')])
    expect(live.map((s) => s.reasons[0])).toEqual(['c:c', 'a+b:new', 'a+b:b'])
    // One group: the wrapped pipeline's own model.
    expect((await p.analyze(events, { hostGroups: [['a', 'b', 'c']] })).model).toBe('a+b+c')
  })
})
