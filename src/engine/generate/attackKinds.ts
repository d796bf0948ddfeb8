/** The attack kinds the generator injects and labels (the `attack` column of labels.csv). */

export const ATTACK_KINDS = [
  'brute_force',
  'password_spraying',
  'user_enumeration',
  'credential_compromise',
  'privileged_login',
  'privilege_escalation',
  'persistence',
  'lateral_movement',
  'impossible_travel',
  'data_exfiltration',
  'log_tampering',
] as const
export type AttackKind = (typeof ATTACK_KINDS)[number]

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
