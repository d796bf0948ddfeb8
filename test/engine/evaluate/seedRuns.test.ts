import { describe, expect, it } from 'vitest'
import type { EvalReport, MetricRow } from '../../../src/engine/evaluate/evaluate'
import { type SeedRun, formatSeedTable, parseSeedRange, worstRuns } from '../../../src/engine/evaluate/seedRuns'

function metric(name: string, over: Partial<MetricRow>): MetricRow {
  return { name, episodes: 2, episodesHit: 2, missed: [], positives: 10, truePositives: 10, falsePositives: 0, precision: 1, recall: 1, f1: 1, rocAuc: 1, prAuc: 1, normalFlaggedPer10k: 0, ...over }
}

function run(name: string, kinds: MetricRow[], overall: Partial<MetricRow>): SeedRun {
  const report: EvalReport = { lines: 1000, normalLines: 980, labeledLines: 20, unmatchedLabels: 0, unattributedFalsePositives: 0, kinds, overall: metric('overall', overall) }
  return { name, events: 1000, report }
}

// Seed 2 misses an episode but is precise; seed 3 hits everything but is noisy; seed 1 is fine.
const runs = [
  run('seed 1', [metric('brute_force', {})], { episodes: 4, episodesHit: 4, f1: 0.99, normalFlaggedPer10k: 1 }),
  run('seed 2', [metric('lateral_movement', { episodesHit: 1, missed: ['lateral_movement-2'] })], { episodes: 4, episodesHit: 3, f1: 0.8, normalFlaggedPer10k: 0.5 }),
  run('seed 3', [metric('brute_force', {})], { episodes: 4, episodesHit: 4, f1: 0.95, normalFlaggedPer10k: 12.5 }),
]

describe('several evaluation runs', () => {
  it('names the worst run by episodes hit, by F1 and by normal lines flagged, not the best', () => {
    const w = worstRuns(runs)
    expect([w.byEpisodes.name, w.byF1.name, w.byNoise.name]).toEqual(['seed 2', 'seed 2', 'seed 3'])
  })

  it('prints a row per run, the worst rows, and the episodes each run missed', () => {
    const lines = formatSeedTable(runs).trimEnd().split('\n')
    expect(lines).toHaveLength(9)
    expect(lines[0]).toMatch(/^run\s+events\s+episodes hit\s+precision\s+recall\s+F1\s+ROC-AUC\s+normal\/10k\s+missed$/)
    expect(lines[3]).toMatch(/^seed 2\s+1,000\s+3\/4\s+1\.000\s+1\.000\s+0\.800\s+1\.0000\s+0\.5\s+lateral_movement-2$/)
    expect(lines[6]).toMatch(/^worst episodes: seed 2 .* lateral_movement-2$/)
    expect(lines[8]).toMatch(/^worst normal\/10k: seed 3 .*12\.5\s+-$/)
  })

  it('reads a seed or a range of seeds', () => {
    expect(parseSeedRange('1..5')).toEqual([1, 2, 3, 4, 5])
    expect(parseSeedRange('7')).toEqual([7])
    expect(parseSeedRange('5..1')).toBeNull()
    expect(parseSeedRange('1..1000')).toBeNull()
    expect(parseSeedRange('one')).toBeNull()
  })
})
