/**
 * The numbers in the demo's incident sentences against a hand count of the demo logs, and every
 * address and host a sentence names among the incident's own columns (issue 12: "365 failed logins"
 * where the log has 259 Failed password lines, "82 invalid user names" for 41, a lateral-movement
 * sentence naming a host its incident lacks).
 *
 * Hand counts, from resources/demo-logs, with `c() { cat $1/auth.log $1/auth.log.1; zcat
 * $1/auth.log.2.gz $1/auth.log.3.gz; }`:
 *   c bastion-01 | grep -c 'Failed password for root from 91.98.222.232'                       → 259
 *     peak: the most of those 259 within any 120 s (their HH:MM:SS, a two-pointer sweep)           → 64
 *   c bastion-01 | grep -oE 'Invalid user .* from 211\.36\.174\.13' | sort -u | wc -l           → 41 names that do not exist
 *   c bastion-01 | grep -oE 'Failed password for [a-z]+ from 211\.36\.174\.13' | sort | uniq -c → 8 that exist
 *     (alice, carol, quinn 2 tries each; bob, dave, karl, laura, nina 1): passwords on 8 real accounts is a spray
 *   c bastion-01 | grep -c 'Failed password for .*from 211\.36\.174\.13'                        → 71 tries, 71 / 49 = 1.4 each
 *     first and last line: 09:26:36, 11:50:04                                                    → 2 h 23 min
 *   c web-01 | grep -E 'Invalid user .* from 113\.160\.219\.21' | sed -E
 *     's/.*Invalid user (.*) from 113.160.219.21.*\/\1/' | sort -u | wc -l                      → 110
 *   c bastion-01 | grep -c 'Failed password for bob from 5.160.180.153'                         → 30 (all before 10:45:54, its first Accepted)
 *   c web-01 | grep carol | grep -c 'NOT in sudoers'                                            → 3
 *   c web-01 | grep -c 'FAILED SU (to root) carol'                                              → 1 (its pam_unix(su:auth) line is the same try)
 *   for h in web-01 bastion-01 db-01 app-01; do c $h | grep 'Accepted .* for dave' | grep -E '(2026-03-27T|Mar 27 )14:[345]'; done
 *                                                                                              → 4 hosts, 14:32:41–14:39:26 (7 min)
 *   grep '"user":"dave"' portal/audit.jsonl | grep 175.197.183.165 | grep -c '"bytes"'          → 79 transfers, 01:25:31–02:24:04 (59 min)
 *   ... | grep -o '"bytes":[0-9]*' | cut -d: -f2 | paste -sd+ | bc                             → 5346148246 (5.3 GB)
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { REPO, VIGIL_BIN, ensureCliBuilt } from '../durability/cliBuild'

interface Incident {
  threat_type: string
  reason: string
  severity: string
  hosts: string[]
  src_ips: string[]
  src_ip_count: number
  host_count: number
}

const DEMO_HOSTS = ['bastion-01', 'db-01', 'web-01', 'app-01', 'portal', 'cloud']

describe('the demo incidents’ sentences', () => {
  let work: string
  let incidents: Incident[]
  beforeAll(() => {
    ensureCliBuilt()
    work = mkdtempSync(join(tmpdir(), 'vigil-reasons-'))
    const res = spawnSync(process.execPath, [VIGIL_BIN, 'scan', join(REPO, 'resources/demo-logs'), '--out', join(work, 'a.csv'), '--json', join(work, 'r.json')], {
      encoding: 'utf8',
    })
    expect(res.status, res.stderr).toBe(0)
    incidents = (JSON.parse(readFileSync(join(work, 'r.json'), 'utf8')) as { incidents: Incident[] }).incidents.filter((i) => i.severity !== 'LOW')
  }, 120_000)
  afterAll(() => rmSync(work, { recursive: true, force: true }))

  const find = (type: string, text: string) => {
    const hit = incidents.find((i) => i.threat_type === type && i.reason.includes(text))
    expect(hit, `${type} incident naming ${text}: ${incidents.map((i) => i.reason).join(' | ')}`).toBeDefined()
    return hit as Incident
  }

  it('brute force counts tries, not the PAM lines about them', () => {
    expect(find('brute_force', '91.98.222.232').reason).toMatch(/^259 failed logins from 91\.98\.222\.232 in 9 min against 1 account \(root\); peak 64 within 2 min$/)
  })
  it('a spray that also tried names that do not exist is spraying, its accounts counted by name', () => {
    expect(find('password_spraying', '211.36.174.13').reason).toBe(
      '211.36.174.13 tried 49 accounts (8 that exist: quinn, alice, carol and 5 more; 41 that do not) with 1.4 tries each over 2 h 23 min',
    )
    expect(incidents.some((i) => i.threat_type === 'user_enumeration' && i.reason.includes('211.36.174.13'))).toBe(false)
  })

  it('user enumeration counts distinct names', () => {
    expect(find('user_enumeration', '113.160.219.21').reason).toMatch(/^110 invalid user names tried from 113\.160\.219\.21 /)
  })
  it('credential compromise counts the address’s tries before the login', () => {
    expect(find('credential_compromise', '5.160.180.153').reason).toMatch(/^login as bob from 5\.160\.180\.153 succeeded after 30 failed attempts from it in /)
  })
  it('privilege escalation counts one failed su once', () => {
    expect(find('privilege_escalation', 'carol').reason).toMatch(/^carol: 3 sudo denials \(not in sudoers\), 1 failed su in \d+ s on web-01, then root via su$/)
  })
  it('lateral movement names the hosts its incident holds', () => {
    const lm = find('lateral_movement', 'dave')
    expect(lm.reason).toMatch(/^dave logged into 4 hosts in 7 min \(web-01, bastion-01, db-01, app-01\)/)
    expect([...lm.hosts].sort()).toEqual(['app-01', 'bastion-01', 'db-01', 'web-01'])
  })
  it('data exfiltration counts the transfers and bytes of the address', () => {
    expect(find('data_exfiltration', 'dave').reason).toMatch(/^dave moved 5\.3 GB in 79 transfers over 59 min; /)
  })
  it('every address and host a sentence names is in its incident’s columns', () => {
    for (const i of incidents) {
      for (const ip of i.reason.match(/\b\d{1,3}(?:\.\d{1,3}){3}\b/g) ?? []) {
        if (i.src_ip_count <= i.src_ips.length) expect(i.src_ips, i.reason).toContain(ip)
      }
      for (const host of DEMO_HOSTS) if (new RegExp(`\\b${host}\\b`).test(i.reason) && i.host_count <= i.hosts.length) expect(i.hosts, i.reason).toContain(host)
    }
  })
})
