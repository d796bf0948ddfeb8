import { describe, expect, it } from 'vitest'
import type { ThreatType } from '../../../src/shared/threat'
import { type LabelRow, type ScoredLine, evaluate } from '../../../src/engine/evaluate/evaluate'
import { formatReportTable } from '../../../src/engine/evaluate/formatReport'

const labels: LabelRow[] = [
  { file: 'h/auth.log', line: 1, attack: 'brute_force', episode: 'brute_force-1' },
  { file: 'h/auth.log', line: 2, attack: 'brute_force', episode: 'brute_force-1' },
  { file: 'h/auth.log.1', line: 7, attack: 'brute_force', episode: 'brute_force-2' },
  { file: 'h/auth.log', line: 5, attack: 'persistence', episode: 'persistence-1' },
  // No event points at this line (the parser lost it): counted as missed.
  { file: 'h/auth.log', line: 99, attack: 'persistence', episode: 'persistence-1' },
]

const line = (source_line: number, score: number, severity: ScoredLine['severity'], threat_type: ThreatType = 'none', source_file = 'h/auth.log'): ScoredLine => ({ source_file, source_line, score, severity, threat_type })

const scored: ScoredLine[] = [
  line(1, 0.96, 'CRITICAL', 'brute_force'),
  // Two events from one line (an expanded "message repeated"): the line counts once, at its highest.
  line(2, 0.6, 'LOW', 'brute_force'),
  line(2, 0.72, 'MEDIUM', 'brute_force'),
  line(7, 0.4, 'NONE', 'none', 'h/auth.log.1'),
  line(5, 0.9, 'HIGH', 'persistence'),
  // Normal lines: one flagged as brute force, one flagged as 'anomaly' (no kind), the rest quiet.
  line(10, 0.8, 'MEDIUM', 'brute_force'),
  line(11, 0.75, 'MEDIUM', 'anomaly'),
  line(12, 0.5, 'LOW', 'brute_force'),
  line(13, 0.1, 'NONE'),
  line(14, 0.4, 'NONE'),
]

describe('evaluate', () => {
  const r = evaluate(labels, scored, ['brute_force', 'persistence', 'lateral_movement'])

  it('joins by line, counts missed labels, and keeps the requested order (absent kinds skipped)', () => {
    expect(r.lines).toBe(10)
    expect(r.labeledLines).toBe(5)
    expect(r.normalLines).toBe(5)
    expect(r.unmatchedLabels).toBe(1)
    expect(r.unattributedFalsePositives).toBe(1)
    expect(r.kinds.map((k) => k.name)).toEqual(['brute_force', 'persistence'])
  })

  it('brute_force: 1 of 2 episodes hit, FP attributed by threat type (hand-computed)', () => {
    const bf = r.kinds[0]
    expect(bf).toMatchObject({ episodes: 2, episodesHit: 1, positives: 3, truePositives: 2, falsePositives: 1 })
    expect(bf.precision).toBeCloseTo(2 / 3, 12)
    expect(bf.recall).toBeCloseTo(2 / 3, 12)
    expect(bf.f1).toBeCloseTo(2 / 3, 12)
    // Positives .96 .72 .4 vs normals .8 .75 .5 .1 .4: wins 5, 3, 1.5 of 5 each → 9.5/15.
    expect(bf.rocAuc).toBeCloseTo(9.5 / 15, 12)
    // Descending: p.96 (1/1), n.8, n.75, p.72 (2/4), n.5, p.4+n.4 tie (3/7) → 1/3·1 + 1/3·1/2 + 1/3·3/7.
    expect(bf.prAuc).toBeCloseTo((1 + 0.5 + 3 / 7) / 3, 12)
    expect(bf.normalFlaggedPer10k).toBe(2000)
  })

  it('persistence: the missed label scores 0 and lowers recall', () => {
    const p = r.kinds[1]
    expect(p).toMatchObject({ episodes: 1, episodesHit: 1, positives: 2, truePositives: 1, falsePositives: 0, precision: 1, recall: 0.5 })
    // Positives .9 and 0 vs normals .8 .75 .5 .1 .4: 5 + 0 wins of 10.
    expect(p.rocAuc).toBe(0.5)
    expect(p.normalFlaggedPer10k).toBe(0)
  })

  it('overall: every labeled line against every normal line', () => {
    expect(r.overall).toMatchObject({ name: 'overall', episodes: 3, episodesHit: 2, positives: 5, truePositives: 3, falsePositives: 2 })
    expect(r.overall.precision).toBeCloseTo(3 / 5, 12)
    expect(r.overall.recall).toBeCloseTo(3 / 5, 12)
    expect(r.overall.normalFlaggedPer10k).toBe(4000)
  })

  it('can flag the top share of lines by score instead of by severity (the seed-style baseline)', () => {
    // 10 lines; the top 20 % are the two highest scores, .96 (brute force) and .9 (persistence).
    const top = evaluate(labels, scored, [], { flagTopFraction: 0.2 })
    expect(top.overall).toMatchObject({ truePositives: 2, falsePositives: 0, precision: 1, recall: 0.4, episodesHit: 2 })
    expect(top.overall.rocAuc).toBe(r.overall.rocAuc)
  })

  it('formats a table with the baseline row under overall', () => {
    const base = evaluate(labels, scored.map((s) => ({ ...s, severity: 'NONE' as const, threat_type: 'anomaly' })))
    const table = formatReportTable(r, base)
    const rows = table.trimEnd().split('\n')
    expect(rows[0]).toMatch(/^attack\s+episodes hit\s+precision\s+recall\s+F1\s+ROC-AUC\s+PR-AUC\s+normal\/10k$/)
    expect(rows[2]).toMatch(/^brute_force\s+1\/2\s+0\.667\s+0\.667\s+0\.667\s+0\.6333\s+0\.643\s+2000\.0$/)
    expect(rows[rows.length - 2]).toMatch(/^overall\s+2\/3\s+0\.600\s+0\.600/)
    expect(rows[rows.length - 1]).toMatch(/^baseline: iforest, top 1 %\s+0\/3\s+—\s+0\.000\s+—/)
  })
})
