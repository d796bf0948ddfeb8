/** The attack kinds the generator injects and labels (the `attack` column of labels.csv): the rules' threat types. */
import { ATTACK_THREATS, type AttackThreat } from '../../shared/threat'

export const ATTACK_KINDS = ATTACK_THREATS
export type AttackKind = AttackThreat
/** Which episode a generated line belongs to. */
export interface Label {
  attack: AttackKind
  /** e.g. `brute_force-1`. */
  episode: string
}

/** One injected episode, as reported by `generateDataset`. */
export interface EpisodeInfo {
  episode: string
  attack: AttackKind
  /** Host names, `portal` or `cloud`: where its labeled lines are. */
  targets: string[]
  startMs: number
  endMs: number
  /** Labeled lines/records written. */
  lines: number
}
