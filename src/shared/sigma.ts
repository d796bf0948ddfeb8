/**
 * The Sigma rules the engine runs, as the UI's settings show and set them (engine/sigma). Rule
 * paths come from `--sigma` (fixed for the process), the opened folders' `.vigil.json` and the
 * paths set here (kept in the store).
 */
import { z } from 'zod'

export const sigmaParams = {
  /** Every rule loaded or skipped (with why), and where the rules come from. */
  'sigma.rules': z.object({}).strict(),
  /** Replaces the rule paths set in the UI (files or folders) and reloads every rule. */
  'sigma.setPaths': z.object({ paths: z.array(z.string().min(1).max(4096)).max(100) }).strict(),
} as const

/** One rule document: loaded, or skipped and why. */
export interface SigmaRuleEntry {
  status: 'loaded' | 'skipped'
  /** Absolute path of the rule's file, and the line its YAML document starts on. */
  path: string
  line: number
  id: string | null
  title: string | null
  /** Loaded rules: detection or correlation, and the level. */
  kind?: 'detection' | 'correlation'
  level?: string
  /** Skipped rules: why. */
  reason?: string
}

export interface SigmaRulesInfo {
  paths: { cli: string[]; folders: string[]; user: string[] }
  rules: SigmaRuleEntry[]
  /** Paths that could not be read (and invalid field names), one sentence each. */
  problems: string[]
}

/** A rule that reported on a finding, for the detail panel. */
export interface SigmaRuleRef {
  id: string
  title: string
  level: string
  path: string
  line: number
}

export interface SigmaResults {
  'sigma.rules': SigmaRulesInfo
  'sigma.setPaths': SigmaRulesInfo
}
