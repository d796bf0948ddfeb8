/** The ATT&CK matrix of what was seen: tactics as columns, techniques as cells (shared/insights.ts counts). */
import type { Severity } from './finding'

export interface MatrixCell {
  /** Technique or sub-technique id. */
  id: string
  /** Name; a sub-technique's with its parent's ("Brute Force: Password Guessing"). */
  name: string
  /** Findings that name it (0: from the catalogue, not seen). */
  count: number
  /** Highest severity among them; null when not seen. */
  severity: Severity | null
  topReason: string
}

export interface MatrixTactic {
  id: string
  name: string
  shortname: string
  cells: MatrixCell[]
}

export interface AttackMatrix {
  attackVersion: string
  /** Every tactic of the catalogue, kill-chain order, seen or not. */
  tactics: MatrixTactic[]
  /** Distinct techniques seen. */
  seen: number
}

/** A file for ATT&CK Navigator (layer format 4.5). */
export interface NavigatorExport {
  filename: string
  json: string
  techniques: number
}

/** The self-contained HTML report. */
export interface ReportExport {
  filename: string
  html: string
}
