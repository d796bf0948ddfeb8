/** Files, problems and scan summaries: what the analyst sees about the opened folders. */
import { z } from 'zod'
import { SEVERITIES } from './finding'

export const LOG_FORMATS = ['auth', 'json', 'csv', 'unknown'] as const
export type LogFormat = (typeof LOG_FORMATS)[number]

/** Why a file could not be (fully) read. Reported by file name; the rest of the folder goes on. */
export const FILE_PROBLEM_CODES = [
  'unreadable', // permissions: EACCES / EPERM
  'not_found', // vanished between discovery and read, or a dangling symlink
  'binary', // not text
  'corrupt', // e.g. a truncated .gz: what could be read is kept
  'symlink_loop',
  'io_error',
  'not_a_log', // data, not a log (a CSV without a timestamp column, JSON without timestamped records): skipped
  'outside_folder', // a symbolic link whose target is outside the opened folder: never followed
  'not_regular', // a FIFO, socket, device or kernel pseudo-file (/proc, /sys, /dev): never read
  'bomb', // a compressed file inflating past the ratio limit: skipped, or read up to the cap
  'truncated', // the file shrank or was replaced while it was read: what was read is kept
  'no_logs', // an opened folder where nothing was read as a log (its `file` is the folder)
  'data_errors', // read, but records without a valid time or with values out of physical range (counted, kept raw)
] as const
export type FileProblemCode = (typeof FILE_PROBLEM_CODES)[number]

export const fileProblemSchema = z.object({
  /** Path relative to the opened root (absolute when outside it). */
  file: z.string(),
  code: z.enum(FILE_PROBLEM_CODES),
  /** One line, names the file and says how to fix it where there is a fix. */
  message: z.string(),
})
export type FileProblem = z.infer<typeof fileProblemSchema>

/**
 * What became of a file: read once (`scanned`), being tailed (`watching`), reached by a rotation and
 * read on from where its old name left off (`rotated`, still tailed while watching; the message says
 * from which file), could not be read (`unreadable`, the message says why), not a log (`skipped`),
 * gone from disk while watched (`deleted`: its events stay in the store).
 */
export const SOURCE_STATUSES = ['scanned', 'watching', 'rotated', 'unreadable', 'skipped', 'deleted'] as const
export type SourceStatus = (typeof SOURCE_STATUSES)[number]

export const sourceFileSchema = z.object({
  /** Opened root folder (absolute). */
  root: z.string(),
  /** Path relative to the root. */
  path: z.string(),
  format: z.enum(LOG_FORMATS),
  status: z.enum(SOURCE_STATUSES),
  lines: z.number().int(),
  events: z.number().int(),
  unparsed: z.number().int(),
  /** Byte offset read so far (decompressed files: their compressed size once read whole). */
  offset: z.number().int(),
  /** Epoch ms of the newest event, null when none. */
  lastEventTs: z.number().nullable(),
  /** Why the file is unreadable, skipped or deleted; which file a rotated one continues. */
  message: z.string().nullable(),
})
export type SourceFile = z.infer<typeof sourceFileSchema>

/** How a skipped decompression bomb's message starts after its path (see ingest/gzipBomb.ts). */
export const BOMB_MARK = ': decompression bomb, '

/** A file skipped as a decompression bomb: the Sources panel offers to read it up to the cap. */
export function isSkippedBomb(file: { status: SourceStatus; message: string | null }): boolean {
  return file.status === 'skipped' && file.message !== null && file.message.includes(BOMB_MARK)
}

const severityCounts = z.object(
  Object.fromEntries(SEVERITIES.filter((s) => s !== 'NONE').map((s) => [s, z.number().int()])) as Record<
    'LOW' | 'MEDIUM' | 'HIGH' | 'CRITICAL',
    z.ZodNumber
  >,
)

export const scanSummarySchema = z.object({
  roots: z.array(z.string()),
  files: z.number().int(),
  hosts: z.number().int(),
  events: z.number().int(),
  unparsed: z.number().int(),
  findings: severityCounts,
  /** Findings (LOW+) per threat type. */
  threats: z.record(z.string(), z.number().int()),
  topUsers: z.array(z.tuple([z.string(), z.number().int()])),
  topSourceIps: z.array(z.tuple([z.string(), z.number().int()])),
  problems: z.array(fileProblemSchema),
  durationMs: z.number(),
  /** TensorFlow.js backend the autoencoder ran on (`tensorflow`, `wasm`, `cpu`), null if it did not run. */
  backend: z.string().nullable(),
})
export type ScanSummary = z.infer<typeof scanSummarySchema>

/** What closing an opened root (`sources.close`) removed from the case's store, and the summary after. */
export interface ClosedRoot {
  files: number
  events: number
  summary: ScanSummary
}
