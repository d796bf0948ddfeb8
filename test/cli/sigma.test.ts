import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parse } from 'csv-parse/sync'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { main } from '../../src/cli/index'
import type { CliIO } from '../../src/cli/io'

const FIXTURES = join(__dirname, '../fixtures/sigma')

function capture(cwd: string): CliIO & { stdout: () => string; stderr: () => string } {
  let out = ''
  let err = ''
  return { out: (t) => void (out += t), err: (t) => void (err += t), cwd, env: {}, stdout: () => out, stderr: () => err }
}

describe('vigil sigma check', () => {
  it('lists every rule as loaded or skipped with its reason; exit 1 when one is skipped', async () => {
    const io = capture(FIXTURES)
    expect(await main(['sigma', 'check', 'sigmahq', 'ours'], io)).toBe(1)
    expect(io.stdout().split('\n')).toEqual([
      'skipped  sigmahq/lnx_auditd_cve_2021_3156_sudo_buffer_overflow_brutforce.yml:3  b9748c98-9ea7-4fdb-80b6-29bed6ba71d2  CVE-2021-3156 Exploitation Attempt Bruteforcing: legacy aggregation in condition "selection | count() by host > 50" (use a correlation rule)',
      'loaded   sigmahq/lnx_privileged_user_creation.yml:3  0ac15ec3-d24f-4246-aa2a-3077bb1cf90e  Privileged User Has Been Created (high)',
      'loaded   sigmahq/lnx_shell_susp_commands.yml:3  2aa1440c-9ae9-4d92-84a7-a9e5f5e31695  Suspicious Activity in Shell Commands (high)',
      'loaded   sigmahq/lnx_sshd_susp_ssh.yml:3  e76b413a-83d0-4b94-8e4c-85db4a5b8bdc  Suspicious OpenSSH Daemon Error (medium)',
      'loaded   sigmahq/net_connection_lnx_susp_malware_callback_port.yml:3  dbfc7c98-04ab-4ab7-aa94-c74d22aa7376  Potentially Suspicious Malware Callback Communication - Linux (high)',
      'skipped  ours/broken.yml:1  11111111-0000-4000-8000-000000000001  Uses a modifier this engine does not know: unsupported modifier "utf16le" in "CommandLine|utf16le|base64offset|contains"',
      'skipped  ours/broken.yml:11  11111111-0000-4000-8000-000000000002  A Windows rule: unsupported logsource: product windows (Linux and JSON records only)',
      // The unclosed quote runs to the end of the file, where the parser notices it.
      "skipped  ours/broken.yml:22  -  (no title): YAML error at line 30: Missing closing 'quote",
      'loaded   ours/callback_burst.yml:3  7f0a3c55-0c1e-4d5e-9b0a-3c1b2d4e5f60  Repeated malware callback connections from one host (correlation, critical)',
      '5 loaded, 4 skipped',
      '',
    ])
  })

  it('exits 0 when every rule loads and 2 for a path that does not exist', async () => {
    const io = capture(FIXTURES)
    expect(await main(['sigma', 'check', 'sigmahq/lnx_sshd_susp_ssh.yml'], io)).toBe(0)
    expect(io.stdout()).toContain('1 loaded, 0 skipped')
    const bad = capture(FIXTURES)
    expect(await main(['sigma', 'check', 'nope'], bad)).toBe(2)
    expect(bad.stderr()).toBe(`vigil: ${join(FIXTURES, 'nope')}: no such file or folder\n`)
  })
})

describe('vigil scan --sigma', () => {
  let work: string
  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'vigil-sigma-'))
    const normal = Array.from({ length: 60 }, (_, i) => `Dec  1 0${i % 10}:${String(i).padStart(2, '0')}:00 web-01 sshd[${100 + i}]: Accepted publickey for alice from 192.0.2.10 port 5${i}000 ssh2: ED25519 SHA256:abc`)
    const attack = [
      'Dec  7 03:00:01 web-01 sshd[911]: Corrupted MAC on input. [preauth]',
      'Dec  7 03:00:02 web-01 sshd[912]: Corrupted MAC [preauth]',
      'Dec  7 03:02:00 web-01 useradd[1337]: new user: name=john, UID=0, GID=0, home=/home/john, shell=/bin/bash',
    ]
    writeFileSync(join(work, 'auth.log'), [...normal, ...attack].join('\n') + '\n')
  })
  afterAll(() => rmSync(work, { recursive: true, force: true }))

  it('reports the rules\' lines at their levels with their ids in the sigma_rules column', async () => {
    const io = capture(work)
    const code = await main(['scan', 'auth.log', '--out', 'a.csv', '--detectors', 'statistical,rules', '--timezone', 'UTC', '--sigma', join(FIXTURES, 'sigmahq'), '--sigma', join(FIXTURES, 'ours/callback_burst.yml')], io)
    expect(io.stderr()).toBe('vigil: 5 Sigma rules loaded, 1 skipped (vigil sigma check ' + `${join(FIXTURES, 'sigmahq')} ${join(FIXTURES, 'ours/callback_burst.yml')} says why)\n`)
    expect(code).toBe(0)
    const rows = parse(readFileSync(join(work, 'a.csv'), 'utf8'), { columns: true }) as Record<string, string>[]
    // Highest score first; the near-miss ("Corrupted MAC" without "on input") is not among them.
    const sigma = rows.filter((r) => r.sigma_rules !== '')
    expect(sigma.map((r) => [r.raw.slice(16, 40), r.severity, r.sigma_rules, r.reasons.split('; ')[0]])).toEqual([
      ['web-01 useradd[1337]: ne', 'HIGH', '0ac15ec3-d24f-4246-aa2a-3077bb1cf90e', 'Sigma: Privileged User Has Been Created'],
      ['web-01 sshd[911]: Corrup', 'MEDIUM', 'e76b413a-83d0-4b94-8e4c-85db4a5b8bdc', 'Sigma: Suspicious OpenSSH Daemon Error'],
    ])
    expect(sigma[0]).toMatchObject({ threat_type: 'sigma', mitre_techniques: 'T1136.001; T1098' })
    const header = Object.keys(rows[0])
    expect(header.slice(header.indexOf('raw') + 1, header.indexOf('sigma_rules') + 2)).toEqual(['iforest_score', 'autoencoder_score', 'statistical_score', 'rules_score', 'sigma_rules', 'tags'])
  })
})
