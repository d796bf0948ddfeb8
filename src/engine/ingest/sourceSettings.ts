/**
 * Per-folder source settings: a `.vigil.json` in an opened folder (or any folder below it) says
 * how to read the zone-less, year-less timestamps of the logs under it — facts about the evidence
 * that only the person who collected it knows, and that must travel with the folder:
 *
 *   { "timeZone": "Europe/Berlin", "collectedAt": "2026-03-30T06:00:00Z" }
 *
 * `timeZone` (IANA) replaces the machine's zone for timestamps without an offset; `collectedAt`
 * replaces the files' modification times as the reference for RFC 3164 year inference (a copy
 * made with `scp` or a git checkout gives every file the copy's time). A deeper file wins over a
 * shallower one, key by key. A settings file that cannot be read or is invalid is reported by
 * name and ignored. The opened folder's own file may also name Sigma rules to run on it
 * (`"sigma": ["rules/"]`, relative to the file) and extra Sigma field names
 * (`"sigmaFieldMap": {"login": "user"}`); the engine reads those (engine/sigma).
 */
import { readFile } from 'node:fs/promises'
import { dirname, join, relative, resolve, sep } from 'node:path'
import { z } from 'zod'
import type { FileProblem } from '../../shared/sources'
import { isValidTimeZone } from '../parse/time/zone'

export const SOURCE_SETTINGS_FILE = '.vigil.json'

/** How the files of one folder are read (both optional: absent means the engine's default). */
export interface SourceSettings {
  timeZone?: string
  /** Epoch ms: the reference time for year inference instead of each file's mtime. */
  collectedAtMs?: number
  /** Sigma rule files or folders (absolute: written relative to the settings file's folder). */
  sigma?: string[]
  /** Sigma field name → normalized field name, beside the default mapping (checked where rules load). */
  sigmaFieldMap?: Record<string, string>
}

const settingsSchema = z
  .object({
    timeZone: z.string().refine(isValidTimeZone, { message: 'not an IANA time zone (e.g. "UTC", "Europe/Berlin")' }).optional(),
    collectedAt: z.iso.datetime({ offset: true, message: 'not an ISO 8601 time with a zone (e.g. "2026-03-30T06:00:00Z")' }).optional(),
    sigma: z.array(z.string().min(1), { message: 'a list of Sigma rule files or folders' }).optional(),
    sigmaFieldMap: z.record(z.string(), z.string(), { message: 'a map of Sigma field name to event field name' }).optional(),
  })
  .strict()

/** Reads and merges the settings files between an opened root and its files, each folder once. */
export class SourceSettingsReader {
  private readonly byDir = new Map<string, Promise<SourceSettings>>()
  private readonly problems: FileProblem[] = []

  constructor(private readonly root: string) {}

  /** The settings that apply to a file under the root (a root that is a file has none of its own). */
  forFile(absPath: string): Promise<SourceSettings> {
    return this.forDir(dirname(resolve(absPath)))
  }

  /** Settings files that were invalid or unreadable, once each (taken: a second call returns none). */
  takeProblems(): FileProblem[] {
    return this.problems.splice(0)
  }

  private forDir(dir: string): Promise<SourceSettings> {
    let settings = this.byDir.get(dir)
    if (!settings) {
      settings = this.read(dir)
      this.byDir.set(dir, settings)
    }
    return settings
  }

  private async read(dir: string): Promise<SourceSettings> {
    const root = resolve(this.root)
    const rel = relative(root, dir)
    if (rel.startsWith('..') || rel.startsWith(sep)) return {}
    const parent = rel === '' ? {} : await this.forDir(dirname(dir))
    return { ...parent, ...(await this.own(dir, rel)) }
  }

  private async own(dir: string, rel: string): Promise<SourceSettings> {
    const name = rel === '' ? SOURCE_SETTINGS_FILE : `${rel.split(sep).join('/')}/${SOURCE_SETTINGS_FILE}`
    let text: string
    try {
      text = await readFile(join(dir, SOURCE_SETTINGS_FILE), 'utf8')
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code
      if (code !== 'ENOENT' && code !== 'ENOTDIR') this.problems.push({ file: name, code: 'io_error', message: `${name}: cannot be read (${code ?? 'error'}), its settings are ignored` })
      return {}
    }
    let json: unknown
    try {
      json = JSON.parse(text)
    } catch {
      this.problems.push({ file: name, code: 'io_error', message: `${name}: not valid JSON, its settings are ignored` })
      return {}
    }
    const parsed = settingsSchema.safeParse(json)
    if (!parsed.success) {
      const issue = parsed.error.issues[0]
      const where = issue.path.length > 0 ? `"${issue.path.join('.')}" ` : ''
      this.problems.push({ file: name, code: 'io_error', message: `${name}: ${where}${issue.message}; its settings are ignored` })
      return {}
    }
    const { timeZone, collectedAt, sigma, sigmaFieldMap } = parsed.data
    return {
      ...(timeZone !== undefined && { timeZone }),
      ...(collectedAt !== undefined && { collectedAtMs: Date.parse(collectedAt) }),
      ...(sigma !== undefined && { sigma: sigma.map((p) => resolve(dir, p)) }),
      ...(sigmaFieldMap !== undefined && { sigmaFieldMap }),
    }
  }
}
