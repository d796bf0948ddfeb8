#!/usr/bin/env node
// `npm test`: build, type-check, lint, unit + integration tests (vitest), browser tests (Playwright
// in Debian's Chromium); ends with one plain line `N passed, N failed` over all suites, which CI reads.
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'

const root = join(import.meta.dirname, '..')
const vitestReport = join(root, '.vitest-report.json')
const playwrightReport = join(root, '.playwright-report.json')

function run(title, command, args, env = {}) {
  console.log(`\n── ${title}: ${command} ${args.join(' ')}`)
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } })
  return result.status === 0
}

/** Counts from vitest's JSON reporter (Jest-compatible shape). */
function vitestCounts() {
  if (!existsSync(vitestReport)) return { passed: 0, failed: 1, skipped: 0 }
  const r = JSON.parse(readFileSync(vitestReport, 'utf8'))
  const failedSuites = (r.testResults ?? []).filter((s) => s.status === 'failed' && s.assertionResults.length === 0).length
  return { passed: r.numPassedTests, failed: r.numFailedTests + failedSuites, skipped: r.numPendingTests + r.numTodoTests }
}

/** Counts from Playwright's JSON reporter. */
function playwrightCounts() {
  if (!existsSync(playwrightReport)) return { passed: 0, failed: 1, skipped: 0 }
  const { stats, errors = [] } = JSON.parse(readFileSync(playwrightReport, 'utf8'))
  return { passed: stats.expected + stats.flaky, failed: stats.unexpected + errors.length, skipped: stats.skipped }
}

rmSync(vitestReport, { force: true })
rmSync(playwrightReport, { force: true })

const gates = [
  ['build', 'npm', ['run', '--silent', 'build']],
  ['typecheck', 'npm', ['run', '--silent', 'typecheck']],
  ['lint', 'npm', ['run', '--silent', 'lint']],
]
let gateFailures = 0
for (const [title, command, args] of gates) if (!run(title, command, args)) gateFailures++

run('unit and integration tests', 'npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile=${vitestReport}`])
run('browser tests', 'npx', ['playwright', 'test', '--reporter=list,json'], { PLAYWRIGHT_JSON_OUTPUT_NAME: playwrightReport })

const v = vitestCounts()
const p = playwrightCounts()
const passed = v.passed + p.passed
const failed = v.failed + p.failed + gateFailures
const skipped = v.skipped + p.skipped
console.log(`\nvitest: ${v.passed} passed, ${v.failed} failed, ${v.skipped} skipped · playwright: ${p.passed} passed, ${p.failed} failed, ${p.skipped} skipped${gateFailures ? ` · ${gateFailures} failed gate(s) (build/typecheck/lint)` : ''}`)
console.log(`${skipped} skipped`)
// The last line, exactly as CI reads it.
console.log(`${passed} passed, ${failed} failed`)
process.exit(failed === 0 ? 0 : 1)
