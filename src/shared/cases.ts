/**
 * Cases (Autopsy / X-Ways cases, Timesketch sketches): a case is a named set of folders with its
 * own store — events, baselines, models, triage and saved view — so one investigation's folders
 * never change another's scores. `--db FILE` is a case; a store from before cases opens as one.
 */
import { z } from 'zod'

export interface CaseInfo {
  /** Stable id (the store file's name without `.sqlite` for cases Vigil made). */
  id: string
  name: string
  /** The case's store file. */
  path: string
  /** Last opened, epoch ms (the recent list's order). */
  openedAt: number
}

export interface CasesList {
  current: CaseInfo
  /** Every known case, most recently opened first. */
  cases: CaseInfo[]
}

export const caseNameSchema = z
  .string()
  .trim()
  .min(1)
  .max(120)
  .refine((s) => ![...s].some((c) => c.charCodeAt(0) < 0x20), { message: 'a case name has no control characters' })
export const caseIdSchema = z.string().regex(/^[a-z0-9][a-z0-9-]{0,80}$/, 'a case id is lower-case letters, digits and dashes')
