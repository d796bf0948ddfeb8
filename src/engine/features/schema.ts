/**
 * The feature schema: names and order of the columns of the feature matrix. Bump the version
 * whenever a column is added, removed or changes meaning: stored models with another version are
 * retrained instead of being fed the wrong columns.
 */
export const FEATURE_SCHEMA_VERSION = 1

export const FEATURE_NAMES = [
  'hour',
  'weekend',
  'host_hour_rarity',
  'user_hour_rarity',
  'kind_rarity',
  'failure',
  'invalid_user',
  'privileged',
  'account_change',
  'ip_failures_5m',
  'ip_events_5m',
  'ip_distinct_users_1h',
  'ip_invalid_share_1h',
  'user_failures_5m',
  'user_distinct_hosts_10m',
  'success_after_failures',
  'new_ip_for_user',
  'new_country_for_user',
  'new_host_for_user',
  'unknown_user',
  'bytes_z',
  'command_rarity',
  'travel_kmh',
] as const

export type FeatureName = (typeof FEATURE_NAMES)[number]
export const N_FEATURES = FEATURE_NAMES.length
/** Column index of each feature. */
export const F = Object.fromEntries(FEATURE_NAMES.map((n, i) => [n, i])) as Record<FeatureName, number>

/** Window lengths in milliseconds (DESIGN.md: 5-minute entity windows, plus rolling counts). */
export const WINDOW_MS = {
  short: 5 * 60_000,
  hosts: 10 * 60_000,
  successAfter: 10 * 60_000,
  long: 60 * 60_000,
} as const
