import { describe, expect, it } from 'vitest'
import { noneColumnsOf, scoresOfChunk, type ScoreChunk } from '../../../../src/engine/detect/ensemble/scoreChunk'
import type { EventScore } from '../../../../src/shared/finding'

const finding: EventScore = {
  score: 0.95, severity: 'CRITICAL', threat_type: 'brute_force', mitre_techniques: ['T1110.001'], mitre_tactics: ['Credential Access'],
  detector_scores: { iforest: 0.3, rules: 0.95 }, reasons: ['9 failed logins'], episode: 'brute_force:x',
}

// Rows 100..104; rows 1 and 3 of the chunk have full scores (a finding, a NONE row a Sigma rule matched).
const chunk: ScoreChunk = {
  first: 100,
  score: Float64Array.of(0.1, 0.95, 0.2, 0.3, 0.05),
  detectors: ['iforest', 'rules'],
  detectorScores: Float64Array.of(0.11, 0, 0.3, 0.95, 0.21, 0, 0.31, 0.5, 0.051, 0),
  fullRows: [1, 3],
  full: [finding, { ...finding, score: 0.3, severity: 'NONE', threat_type: 'none', sigma_rules: ['r1'] }],
}

describe('a chunk of scores (ensemble/scoreChunk.ts)', () => {
  it('gives every row an EventScore: the full ones as they are, the others NONE from the columns', () => {
    const scores = scoresOfChunk(chunk)
    expect(scores).toHaveLength(5)
    expect(scores[1]).toBe(chunk.full[0])
    expect(scores[3]).toBe(chunk.full[1])
    expect(scores[4]).toEqual({ score: 0.05, severity: 'NONE', threat_type: 'none', mitre_techniques: [], mitre_tactics: [], detector_scores: { iforest: 0.051, rules: 0 }, reasons: [], episode: '' })
    expect(Object.keys(scores[0].detector_scores)).toEqual(['iforest', 'rules'])
  })

  it('hands the store the rows below LOW only, with their ids', () => {
    const none = noneColumnsOf(chunk, [7, 8, 9, 10, 11])
    expect(Array.from(none.ids)).toEqual([7, 9, 11])
    expect(Array.from(none.score)).toEqual([0.1, 0.2, 0.05])
    expect(Array.from(none.detectorScores)).toEqual([0.11, 0, 0.21, 0, 0.051, 0])
    expect(none.detectors).toEqual(['iforest', 'rules'])
  })
})
