/** Tunable thresholds of the threat rules, with their defaults (one defaults object). */
export interface RuleThresholds {
  /** Brute force: failures from one IP within `bruteWindowMs` (Wazuh's classic 8 in 120 s). */
  bruteFailures: number
  bruteWindowMs: number
  /** ...or this many failures from one IP in one session, however slow. */
  bruteSessionFailures: number
  /** Events from one IP further apart than this start a new session. */
  ipSessionGapMs: number
  /** Password spraying: distinct accounts tried from one IP in a session, with few tries each. */
  sprayAccounts: number
  sprayMaxTriesPerAccount: number
  /** User enumeration: distinct invalid names from one IP in a session. */
  enumInvalidNames: number
  /**
   * Success after failures: failures from the IP (twice as many for the account from anywhere)
   * within the lookback before a success from an address new to the account.
   */
  compromiseFailures: number
  compromiseLookbackMs: number
  /** How long after a suspicious login the account's activity on that host belongs to the episode. */
  followOnMs: number
  /**
   * Lateral movement: the fewest distinct hosts one account logs into within `lateralWindowMs`
   * that can be a walk (two hops); the rule also wants two more than the account's own baseline.
   */
  lateralHosts: number
  lateralWindowMs: number
  /** Impossible travel: speed (km/h) and minimum distance (km) between consecutive geolocated events. */
  travelKmh: number
  travelMinKm: number
  /** Bulk transfer: bytes within one hour, as a multiple of the account's busiest baseline hour... */
  bulkHourFactor: number
  /** ...and never below this. */
  bulkMinBytes: number
  /** Privilege escalation episode window (sudo denial / su failure then root). */
  escalationWindowMs: number
}

export const DEFAULT_RULE_THRESHOLDS: RuleThresholds = {
  bruteFailures: 8,
  bruteWindowMs: 120_000,
  bruteSessionFailures: 20,
  ipSessionGapMs: 30 * 60_000,
  sprayAccounts: 6,
  sprayMaxTriesPerAccount: 3,
  enumInvalidNames: 6,
  compromiseFailures: 5,
  compromiseLookbackMs: 10 * 60_000,
  followOnMs: 60 * 60_000,
  lateralHosts: 3,
  lateralWindowMs: 15 * 60_000,
  travelKmh: 1000,
  travelMinKm: 1000,
  bulkHourFactor: 4,
  bulkMinBytes: 100_000_000,
  escalationWindowMs: 30 * 60_000,
}
