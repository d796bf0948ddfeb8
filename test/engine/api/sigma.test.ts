/** Sigma rules through the engine: a folder's .vigil.json, the UI's paths (sigma.setPaths), the detail panel's rule files. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createEngine } from '../../../src/engine/api/createEngine'
import { createInProcessClient } from '../../../src/engine/api/inProcessClient'
import { dispatch } from '../../../src/engine/api/dispatch'
import { createHandlers } from '../../../src/engine/api/handlers'

const RULE = `title: Mallory logs in
id: 6a1f0c2e-1111-4c1e-9a51-000000000001
logsource:
    product: linux
    category: authentication
detection:
    selection:
        login: mallory
        action|contains: login
    condition: selection
level: high
tags:
    - attack.t1078
    - attack.t9999
`

const records = (n: number) =>
  Array.from({ length: n }, (_, i) => JSON.stringify({ ts: `2026-12-0${1 + (i % 5)}T10:${String(i % 60).padStart(2, '0')}:00Z`, login: i === n - 1 ? 'mallory' : 'alice', action: 'login_success', src_ip: '192.0.2.10', host: 'app-01' }))

describe('Sigma rules in the engine', () => {
  let dir: string
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'vigil-sigma-engine-'))
    mkdirSync(join(dir, 'logs'))
    mkdirSync(join(dir, 'rules'))
    writeFileSync(join(dir, 'logs', 'app.jsonl'), records(50).join('\n') + '\n')
    writeFileSync(join(dir, 'rules', 'mallory.yml'), RULE)
  })
  afterEach(() => rmSync(dir, { recursive: true, force: true }))

  it('runs the rules a folder names in .vigil.json, with its field names, and shows the rule file in the detail', async () => {
    writeFileSync(join(dir, 'logs', '.vigil.json'), JSON.stringify({ sigma: ['../rules'], sigmaFieldMap: { login: 'user' } }))
    const engine = createEngine({ analyze: { seed: 42, detectors: ['statistical', 'rules'] }, log: () => undefined })
    try {
      const scanned = await engine.scan([join(dir, 'logs')])
      expect(scanned.ok).toBe(true)
      const flagged = [...engine.store.iterateFindings('LOW')].filter((f) => f.sigma_rules?.length)
      expect(flagged.map((f) => [f.user, f.severity, f.threat_type, f.sigma_rules, f.mitre_techniques, f.reasons[0]])).toEqual([
        ['mallory', 'HIGH', 'sigma', ['6a1f0c2e-1111-4c1e-9a51-000000000001'], ['T1078', 'T9999'], 'Sigma: Mallory logs in'],
      ])
      const detail = engine.detail(flagged[0].id)
      expect(detail?.sigmaRules).toEqual([{ id: '6a1f0c2e-1111-4c1e-9a51-000000000001', title: 'Mallory logs in', level: 'high', path: join(dir, 'rules', 'mallory.yml'), line: 1 }])
      // The unknown technique is kept on the finding; the catalogue describes only the known one.
      expect(detail?.techniques.map((t) => t.id)).toEqual(['T1078'])
    } finally {
      await engine.close()
    }
  })

  it('reports a bad sigmaFieldMap entry and a missing rules folder as problems of .vigil.json', async () => {
    writeFileSync(join(dir, 'logs', '.vigil.json'), JSON.stringify({ sigma: ['../nope'], sigmaFieldMap: { login: 'person' } }))
    const engine = createEngine({ analyze: { seed: 42, detectors: ['statistical', 'rules'] }, log: () => undefined })
    try {
      const scanned = await engine.scan([join(dir, 'logs')])
      if (!scanned.ok) throw new Error(scanned.error.message)
      const messages = scanned.value.problems.map((p) => p.message)
      expect(messages).toContain(`${join(dir, 'logs')}/.vigil.json: sigmaFieldMap "login": "person" is not an event field (host, program, pid, event, outcome, user, target_user, src_ip, src_port, auth_method, command, bytes, country, raw, source_file, key_type, key_fingerprint); ignored`)
      expect(messages).toContain(`Sigma rules: ${join(dir, 'nope')}: no such file or folder`)
    } finally {
      await engine.close()
    }
  })

  it('sigma.setPaths validates its params, loads the rules, rescoring what the store holds', async () => {
    const engine = createEngine({ analyze: { seed: 42, detectors: ['statistical', 'rules'] }, log: () => undefined })
    try {
      await engine.scan([join(dir, 'logs')])
      const before = [...engine.store.iterateFindings('LOW')].filter((f) => f.sigma_rules?.length)
      expect(before).toEqual([])
      const bad = await dispatch(createHandlers(engine), { id: 1, method: 'sigma.setPaths', params: { paths: [42] } }, () => undefined)
      expect(bad).toMatchObject({ id: 1, ok: false, error: { code: 'bad_request' } })
      const client = createInProcessClient(engine)
      const info = await client.call('sigma.setPaths', { paths: [join(dir, 'rules')] })
      expect(info.paths.user).toEqual([join(dir, 'rules')])
      expect(info.rules).toEqual([{ status: 'loaded', path: join(dir, 'rules', 'mallory.yml'), line: 1, id: '6a1f0c2e-1111-4c1e-9a51-000000000001', title: 'Mallory logs in', kind: 'detection', level: 'high' }])
      // No sigmaFieldMap here: `login` is read from the raw record itself.
      const after = [...engine.store.iterateFindings('LOW')].filter((f) => f.sigma_rules?.length)
      expect(after.map((f) => f.sigma_rules)).toEqual([['6a1f0c2e-1111-4c1e-9a51-000000000001']])
      expect(await client.call('sigma.rules', {})).toEqual(info)
    } finally {
      await engine.close()
    }
  })
})
