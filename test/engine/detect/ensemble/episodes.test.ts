/**
 * Episodes: every line a rule ties to one attack shares one id, two attacks never do (even when
 * their sentences are the same), and model-only anomalies form bursts per host and account.
 */
import { describe, expect, it } from 'vitest'
import { analyze } from '../../../../src/engine/detect/analyze'
import { ANOMALY_EPISODE_GAP_MS, assignEpisodes, episodeId } from '../../../../src/engine/detect/ensemble/episodes'
import { HitSink } from '../../../../src/engine/detect/rules/types'
import { buildEventTable } from '../../../../src/engine/features/eventTable'
import { severityOf, type EventScore } from '../../../../src/shared/finding'
import type { ThreatType } from '../../../../src/shared/threat'
import { DAY, HOUR, MIN, T0, failed, login, normalWeek } from '../fixtures'

const D8 = T0 + 8 * DAY

const score = (s: number, threat_type: ThreatType, reason = 'r'): EventScore => ({
  score: s,
  severity: severityOf(s),
  threat_type,
  mitre_techniques: [],
  mitre_tactics: [],
  detector_scores: {},
  reasons: [reason],
  episode: '',
})

describe('episodes of rule findings', () => {
  it('gives two brute forces described by the same sentence two episodes, each shared by all its lines', async () => {
    const burst = (at: number) => Array.from({ length: 10 }, (_, k) => failed(at + k * 6000, 'root', '185.220.101.47'))
    const base = normalWeek(9)
    const { scores } = await analyze([...base, ...burst(D8 + 3 * HOUR), ...burst(D8 + 9 * HOUR)], { detectors: ['rules'] })
    const first = scores.slice(base.length, base.length + 10)
    const second = scores.slice(base.length + 10)
    expect(first[0].reasons[0]).toBe(second[0].reasons[0])
    expect(new Set(first.map((s) => s.episode))).toEqual(new Set([first[0].episode]))
    expect(new Set(second.map((s) => s.episode))).toEqual(new Set([second[0].episode]))
    expect(first[0].episode).not.toBe(second[0].episode)
    expect(first[0].episode).toMatch(/^brute_force:[\w-]{16}$/)
    // Below LOW, no episode.
    expect(scores.slice(0, base.length).filter((s) => s.severity === 'NONE').every((s) => s.episode === '')).toBe(true)
  })

  it('keeps a derived follow-on line and a reworded reason in the episode, named after its first line', () => {
    const events = [failed(D8, 'root', '203.0.113.9'), failed(D8 + MIN, 'root', '203.0.113.9'), login(D8 + 2 * MIN, 'root', '203.0.113.9')]
    const t = buildEventTable(events)
    const sink = new HitSink(t.n)
    const id = sink.add({ rule: 'credential_compromise', threat_type: 'credential_compromise', techniques: [], strength: 0.9, reason: 'before' })
    sink.mark(0, id)
    sink.mark(1, id)
    const copy = sink.derive(id)
    sink.mark(2, copy)
    sink.appendReason(id, ', reworded')
    const out = [score(0.9, 'credential_compromise'), score(0.9, 'credential_compromise'), score(0.89, 'credential_compromise')]
    assignEpisodes(t, out, sink, Int32Array.from([id, id, copy]))
    expect(out.map((s) => s.episode)).toEqual(Array(3).fill(episodeId('credential_compromise', events[0])))
  })
})

describe('episodes of model-only anomalies', () => {
  it('chains one host and account’s anomalies while no hour passes between them', () => {
    const gap = ANOMALY_EPISODE_GAP_MS
    const events = [
      login(D8, 'alice', '10.0.0.5'),
      login(D8 + 50 * MIN, 'alice', '10.0.0.6'), // within the hour: the same burst
      login(D8 + 50 * MIN + 1, 'bob', '10.0.0.7'), // another account: its own
      login(D8 + 50 * MIN + 2, 'alice', '10.0.0.5', 'db1'), // another host: its own
      login(D8 + 50 * MIN + gap + 1, 'alice', '10.0.0.5'), // over an hour later: a new one
      login(D8 + 50 * MIN + gap + 2, 'alice', '10.0.0.5'), // not a finding
    ]
    const t = buildEventTable(events)
    const out = [0.6, 0.75, 0.6, 0.6, 0.6, 0.2].map((s) => score(s, s >= 0.5 ? 'anomaly' : 'none'))
    assignEpisodes(t, out, null, new Int32Array(events.length).fill(-1))
    const e = out.map((s) => s.episode)
    expect(e[0]).toBe(episodeId('anomaly', events[0]))
    expect(e[1]).toBe(e[0])
    expect(new Set([e[0], e[2], e[3], e[4]]).size).toBe(4)
    expect(e[4]).toBe(episodeId('anomaly', events[4]))
    expect(e[5]).toBe('')
  })
})
