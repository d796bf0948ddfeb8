/**
 * `vigil bench sigma`: a thousand generated rules shaped like SigmaHQ's Linux rules (keyword lists
 * with wildcards, field selections with filters, regexes, CIDR ranges, service scopes and a few
 * correlations) over generated auth and JSON lines, a few of which they match. The figure is the
 * Sigma pass alone (index, match, correlate, mark), as detection runs it on a scan.
 */
import { HitSink } from '../detect/rules/types'
import { buildEventTable } from '../features/eventTable'
import { jsonlCorpus, syslogCorpus } from '../parse/benchCorpus'
import { parseLines } from '../parse/parseLines'
import { Random } from '../util/random'
import { parseRuleText } from './loadRules'
import { runSigma } from './runSigma'
import { buildSigmaSet } from './SigmaSet'

export interface SigmaBench {
  rules: number
  correlations: number
  /** Rules without needles (tried on every event of their scope). */
  unindexed: number
  events: number
  compileMs: number
  matchMs: number
  /** CPU time of the match (user + system): on a shared machine, closer to what the pass costs than the wall time. */
  matchCpuMs: number
  eventsPerSec: number
  /** Events per CPU-second. */
  eventsPerCpuSec: number
  /** Events some rule reported on. */
  flagged: number
}

const COMMON = ['failed', 'password', 'session', 'opened', 'sudo', 'root', 'preauth']

/** The text of `n` rules (multi-document YAML), seeded, and text that some of them match. */
export function benchRulesText(n: number, seed = 7): { text: string; matching: string[] } {
  const rng = new Random(seed)
  const docs: string[] = []
  const matching: string[] = []
  const word = (k: number) => `${Math.floor(rng.next() * 1e9).toString(36)}q${k}`
  const nCorr = Math.max(1, Math.floor(n / 50))
  for (let k = 0; k < n - nCorr; k++) {
    const head = `title: Bench rule ${k}\nid: bench-${k}\nname: bench_${k}\nstatus: test\ntags:\n    - attack.execution\n    - attack.t1059.004\nlevel: ${['low', 'medium', 'high', 'critical'][k % 4]}\n`
    const shape = k % 10
    let body: string
    if (shape < 4) {
      const kws = Array.from({ length: 3 + (k % 8) }, (_, i) => (i % 3 === 0 ? `'*sh -c ${word(k)} *'` : i % 3 === 1 ? `'${word(k)} /tmp/*'` : `'chmod +x ${word(k)}'`))
      matching.push(kws[2].slice(1, -1))
      body = `logsource:\n    product: linux\ndetection:\n    keywords:\n${kws.map((w) => `        - ${w}`).join('\n')}\n    condition: keywords\n`
    } else if (shape < 7) {
      body = `logsource:\n    product: linux\n    category: process_creation\ndetection:\n    selection:\n        Image|endswith: '/${word(k)}'\n        CommandLine|contains|all:\n            - ' -o '\n            - '${word(k)}'\n    filter_main:\n        User: root\n    condition: selection and not 1 of filter_*\n`
    } else if (shape < 8) {
      body = `logsource:\n    product: linux\n    service: sshd\ndetection:\n    selection:\n        - '${COMMON[k % COMMON.length]} * ${word(k)}'\n        - 'Invalid user ${word(k)}'\n    condition: selection\n`
    } else if (shape < 9) {
      body = `logsource:\n    product: linux\n    service: sudo\ndetection:\n    selection:\n        CommandLine|re: '${word(k)}\\s+(-[a-z]+ )*/etc/(shadow|sudoers)'\n        User|startswith: ${word(k)}\n    condition: selection\n`
    } else {
      // A CIDR test and a port (its needle), with a filter.
      body = `logsource:\n    product: linux\n    category: network_connection\ndetection:\n    selection:\n        DestinationIp|cidr: '${10 + (k % 200)}.${k % 256}.0.0/16'\n        DestinationPort: ${1000 + k}\n    filter:\n        Initiated: 'false'\n    condition: selection and not filter\n`
    }
    docs.push(head + body)
  }
  for (let c = 0; c < nCorr; c++) {
    const ref = c * 10 + 7 // sshd keyword rules
    docs.push(`title: Bench correlation ${c}\nid: bench-corr-${c}\ncorrelation:\n    type: event_count\n    rules:\n        - bench_${ref}\n    group-by:\n        - host\n    timespan: 10m\n    condition:\n        gte: 3\nlevel: high\n`)
  }
  return { text: docs.join('---\n'), matching }
}

export function benchSigma(nRules = 1_000, nEvents = 1_000_000, seed = 7): SigmaBench {
  const { text, matching } = benchRulesText(nRules, seed)
  const t0 = performance.now()
  const { rules, entries } = parseRuleText(text, 'bench.yml')
  const skipped = entries.filter((e) => e.status === 'skipped')
  if (skipped.length > 0) throw new Error(`bench rules skipped: ${skipped[0].status === 'skipped' ? skipped[0].reason : ''}`)
  const set = buildSigmaSet(rules)
  const compileMs = performance.now() - t0

  const nJson = Math.floor(nEvents / 5)
  const syslog = syslogCorpus(nEvents - nJson, seed)
  // One line in a thousand holds what a keyword rule looks for.
  for (let i = 0; i < syslog.length; i += 1_000) syslog[i] = `${syslog[i]} ${matching[(i / 1_000) % matching.length]}`
  const ctx = { relPath: 'auth.log', hostHint: 'bench', firstLine: 1, referenceMs: Date.UTC(2026, 0, 1), timeZone: 'UTC' }
  const events = [...parseLines(syslog, { ...ctx, format: 'auth' }), ...parseLines(jsonlCorpus(nJson, seed), { ...ctx, relPath: 'app.jsonl', format: 'json' })]
  const t = buildEventTable(events)

  const t1 = performance.now()
  const cpu0 = process.cpuUsage()
  const sink = new HitSink(t.n)
  const rowRules = runSigma(set, t, sink)
  const cpu = process.cpuUsage(cpu0)
  const matchMs = performance.now() - t1
  const matchCpuMs = (cpu.user + cpu.system) / 1000
  return {
    rules: rules.length,
    correlations: set.correlations.length,
    unindexed: set.everywhere.length,
    events: t.n,
    compileMs,
    matchMs,
    matchCpuMs,
    eventsPerSec: t.n / (matchMs / 1000),
    eventsPerCpuSec: t.n / (matchCpuMs / 1000),
    flagged: rowRules.size,
  }
}
