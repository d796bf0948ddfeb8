/**
 * Per-line tags and a colour (Timeline Explorer's row tags and colours): the analyst's own marks,
 * kept with the triage (by event key, so they survive a rescan), filterable and exported. A tag is
 * one word (letters, digits, `_ . : - /`), so a list of them is plain space-separated text in SQL
 * and in the CSV's `tags` cell, where the colour leads as `color:<name>`.
 */
import { z } from 'zod'
import type { TriageStatus } from './finding'

/** The palette: few enough to mean something ("red: confirmed malicious"). */
export const TAG_COLORS = ['red', 'orange', 'yellow', 'green', 'blue', 'purple'] as const
export type TagColor = (typeof TAG_COLORS)[number]

export const MAX_TAGS = 20
export const tagSchema = z.string().regex(/^[\p{L}\p{N}_.:/-]{1,40}$/u, 'a tag is one word of at most 40 letters, digits or _ . : - /')
export const tagsSchema = z.array(tagSchema).max(MAX_TAGS)

/** Tags typed by the analyst ("c2, beacon  urgent") → distinct words in the order typed; invalid ones dropped. */
export function parseTags(text: string): string[] {
  const out: string[] = []
  for (const word of text.split(/[\s,;]+/)) if (word !== '' && tagSchema.safeParse(word).success && !out.includes(word)) out.push(word)
  return out.slice(0, MAX_TAGS)
}

/** The marks as one text: `color:red c2 urgent` (the CSV cell, and what the Tags column filters on). */
export function tagsText(tags: readonly string[] | undefined, color: TagColor | null | undefined): string {
  return [...(color ? [`color:${color}`] : []), ...(tags ?? [])].join(' ')
}

/** What a triage call may change; absent fields are kept (`color: null` clears the colour). */
export interface TriageChange {
  status?: TriageStatus
  note?: string
  tags?: string[]
  /** Tags added to the line's own (bulk triage: each selected line keeps its tags and gains these). */
  addTags?: string[]
  color?: TagColor | null
}

/** A line's tags with `extra` added after them, each once, at most MAX_TAGS. */
export function withTags(own: readonly string[], extra: readonly string[]): string[] {
  const out = [...own]
  for (const t of extra) if (!out.includes(t)) out.push(t)
  return out.slice(0, MAX_TAGS)
}
