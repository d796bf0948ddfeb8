import { describe, expect, it } from 'vitest'
import { analyze, scoreNew } from '../../../src/engine/detect/analyze'
import { severityRank } from '../../../src/shared/finding'
import { DAY, HOUR, T0, ev, failed, login, normalWeek } from './fixtures'

const FAST = { detectors: ['iforest', 'statistical', 'rules'] as const }

describe('analyze', () => {
  it('keeps the noise of a server below MEDIUM', async () => {
    const events = normalWeek(10)
    const { scores } = await analyze(events, FAST)
    expect(scores).toHaveLength(events.length)
    const loud = scores.map((s, i) => ({ s, e: events[i] })).filter(({ s }) => severityRank(s.severity) >= severityRank('MEDIUM'))
    expect(loud.map(({ e, s }) => `${e.event} ${e.user} ${s.score} ${s.reasons.join(' | ')}`)).toEqual([])
  })

  it('finds an injected brute force and says why', async () => {
    const events = normalWeek(10)
    const start = T0 + 8 * DAY + 3 * HOUR
    const attack = Array.from({ length: 60 }, (_, k) => failed(start + k * 3000, k % 2 ? 'root' : 'admin', '185.220.101.47'))
    const all = [...events, ...attack]
    const { scores } = await analyze(all, FAST)
    const hits = scores.slice(events.length)
    for (const s of hits) {
      expect(severityRank(s.severity)).toBeGreaterThanOrEqual(severityRank('MEDIUM'))
      expect(s.threat_type).toBe('brute_force')
      expect(s.mitre_techniques).toEqual(['T1110.001'])
      expect(s.mitre_tactics).toEqual(['Credential Access'])
    }
    expect(hits[0].reasons[0]).toMatch(/^60 failed logins from 185\.220\.101\.47 in 3 min against 2 accounts \(root, admin\); peak 40 within 2 min/)
    expect(hits[0].detector_scores.rules).toBeGreaterThan(0.7)
  })

  it('aligns scores with the input order and is deterministic', async () => {
    const events = normalWeek(9)
    events.push(login(T0 + 8 * DAY + 3 * HOUR, 'root', '203.0.113.9'))
    const shuffled = [...events].reverse()
    const a = await analyze(events, { ...FAST, seed: 7 })
    const b = await analyze(shuffled, { ...FAST, seed: 7 })
    const c = await analyze(events, { ...FAST, seed: 7 })
    expect(a.scores).toEqual(c.scores)
    expect(b.scores).toEqual([...a.scores].reverse())
  })

  it('scores fresh events with the stored model', async () => {
    const events = normalWeek(9)
    const { model } = await analyze(events, FAST)
    const json = JSON.parse(JSON.stringify(model))
    const start = T0 + 9 * DAY + 2 * HOUR
    const fresh = Array.from({ length: 12 }, (_, k) => failed(start + k * 5000, 'root', '185.220.101.47'))
    const scores = await scoreNew(json, events.slice(-200), fresh)
    expect(scores).toHaveLength(12)
    expect(scores[11].threat_type).toBe('brute_force')
    expect(severityRank(scores[11].severity)).toBeGreaterThanOrEqual(severityRank('MEDIUM'))
  })

  it('is deterministic with all four detectors and keeps the noise below MEDIUM', async () => {
    const events = normalWeek(9)
    const a = await analyze(events, { seed: 3, autoencoderEpochs: 2 })
    const b = await analyze(events, { seed: 3, autoencoderEpochs: 2 })
    expect(a.scores).toEqual(b.scores)
    expect(a.backend === 'wasm' || a.backend === 'cpu' || a.backend === 'tensorflow').toBe(true)
    expect(a.model.autoencoder).not.toBeNull()
    expect(Object.keys(a.scores[0].detector_scores).sort()).toEqual(['autoencoder', 'iforest', 'rules', 'statistical'])
    expect(a.scores.filter((s) => severityRank(s.severity) >= severityRank('MEDIUM'))).toEqual([])
    const fresh = [login(T0 + 9 * DAY + 3 * HOUR, 'root', '203.0.113.9')]
    const live = await scoreNew(JSON.parse(JSON.stringify(a.model)), events.slice(-100), fresh)
    expect(live[0].threat_type).toBe('privileged_login')
  })

  it('explains model-only findings with feature sentences', async () => {
    const events = normalWeek(9)
    // alice, at an hour she never works, with a huge download (20 MB: under what the exfiltration rule takes up).
    events.push(ev({ ts: T0 + 8 * DAY + 4 * HOUR, host: 'files', program: 'api', event: 'file_access', outcome: 'success', user: 'alice', src_ip: '10.0.0.5', bytes: 20_000_000, country: 'DE', lat: 52.5, lon: 13.4 }))
    const { scores } = await analyze(events, FAST)
    const s = scores[scores.length - 1]
    expect(s.severity).not.toBe('NONE')
    expect(s.reasons.length).toBeGreaterThan(0)
    expect(s.threat_type).toBe('anomaly')
    expect(s.reasons.join(' ')).toMatch(/20\.0 MB transferred|outside alice's usual/)
  })

  it('reports its steps in order, and a step that throws (a cancel) ends it with that error and leaves nothing unhandled', async () => {
    const events = normalWeek(9)
    const steps: string[] = []
    await analyze(events, { seed: 3, autoencoderEpochs: 1, onProgress: (phase) => steps.push(phase) })
    expect(steps).toEqual(['features', 'iforest', 'statistical', 'rules', 'autoencoder', 'ensemble', 'done'])
    const cancelled = new Error('cancelled at rules')
    const seen: string[] = []
    const run = analyze(events, {
      seed: 3,
      autoencoderEpochs: 1,
      onProgress: (phase) => {
        seen.push(phase)
        if (phase === 'rules') throw cancelled
      },
    })
    await expect(run).rejects.toBe(cancelled)
    expect(seen).toEqual(['features', 'iforest', 'statistical', 'rules'])
    // The stopped training rejects on its own; nothing is left unhandled (vitest fails the run on it).
    await new Promise((resolve) => setTimeout(resolve, 200))
  })

  it('handles no events', async () => {
    const r = await analyze([], FAST)
    expect(r.scores).toEqual([])
  })
})

describe('stored models', async () => {
  const { isUsableModel } = await import('../../../src/engine/detect/model')
  const { FEATURE_SCHEMA_VERSION } = await import('../../../src/engine/features/schema')
  it('are usable with the same feature schema and retrained otherwise', async () => {
    const { model } = await analyze(normalWeek(8), { detectors: ['iforest', 'statistical', 'rules'] })
    const json = JSON.parse(JSON.stringify(model))
    expect(isUsableModel(json, FEATURE_SCHEMA_VERSION)).toBe(true)
    expect(isUsableModel({ ...json, featureSchemaVersion: FEATURE_SCHEMA_VERSION + 1 }, FEATURE_SCHEMA_VERSION)).toBe(false)
    expect(isUsableModel(null, FEATURE_SCHEMA_VERSION)).toBe(false)
    expect(json.attackVersion).toBe('18.1')
  })
})
