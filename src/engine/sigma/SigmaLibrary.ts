/**
 * The rules one engine runs, from three places: `--sigma` paths (fixed for the process), each
 * opened folder's `.vigil.json` `"sigma"` paths (with its `"sigmaFieldMap"`), and the paths set in
 * the UI's settings. Changing any of them reloads and recompiles the whole set once; the detectors
 * read `current` at the start of each pass.
 */
import type { LoadEntry } from './types'
import { loadRules } from './loadRules'
import { buildSigmaSet, type SigmaSet } from './SigmaSet'
import type { SigmaFieldMap } from './fieldMap'

interface PathSource {
  paths: readonly string[]
  fieldMap?: SigmaFieldMap
}

export class SigmaLibrary {
  private readonly folders = new Map<string, PathSource>()
  private userPaths: readonly string[] = []
  private loaded: { set: SigmaSet | null; entries: LoadEntry[]; problems: string[] } = { set: null, entries: [], problems: [] }

  /** `cliPaths` must exist (the CLI checks them first, for its exit code). */
  constructor(private readonly cliPaths: readonly string[] = []) {}

  /** The compiled set, or null when no rule is loaded. */
  get current(): SigmaSet | null {
    return this.loaded.set
  }

  /** Every rule document seen, loaded or skipped with its reason. */
  get entries(): readonly LoadEntry[] {
    return this.loaded.entries
  }

  /** Paths (of a folder's settings or the UI) that could not be read, one message each. */
  get problems(): readonly string[] {
    return this.loaded.problems
  }

  get paths(): { cli: readonly string[]; folders: readonly string[]; user: readonly string[] } {
    return { cli: this.cliPaths, folders: [...this.folders.values()].flatMap((f) => f.paths), user: this.userPaths }
  }

  async reload(): Promise<void> {
    const fieldMap: Record<string, SigmaFieldMap[string]> = {}
    for (const f of this.folders.values()) Object.assign(fieldMap, f.fieldMap)
    const problems: string[] = []
    let paths = [...new Set([...this.cliPaths, ...this.paths.folders, ...this.userPaths])]
    // One load for all paths (a correlation may refer to a rule in another folder); a path that
    // cannot be read is reported and left out, and the others load again without it.
    for (;;) {
      const loaded = await loadRules(paths)
      if (loaded.ok) {
        const { rules, entries } = loaded.value
        this.loaded = { set: rules.length > 0 ? buildSigmaSet(rules, fieldMap) : null, entries, problems }
        return
      }
      problems.push(`Sigma rules: ${loaded.error.message}`)
      const bad = loaded.error.path
      paths = paths.filter((p) => p !== bad && !bad.startsWith(`${p}/`))
    }
  }

  /** A folder's `.vigil.json` rules (absolute paths) and field names; reloads when they changed. */
  async setFolder(root: string, source: PathSource): Promise<void> {
    const before = this.folders.get(root)
    if (JSON.stringify(before ?? null) === JSON.stringify(source.paths.length || source.fieldMap ? source : null)) return
    if (source.paths.length === 0 && !source.fieldMap) this.folders.delete(root)
    else this.folders.set(root, source)
    await this.reload()
  }

  /** The rule paths set in the UI. */
  async setUserPaths(paths: readonly string[]): Promise<void> {
    this.userPaths = [...paths]
    await this.reload()
  }
}
