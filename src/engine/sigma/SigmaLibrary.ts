/**
 * The rules one engine runs, from three places: `--sigma` paths (fixed for the process), each
 * opened folder's `.vigil.json` `"sigma"` paths (with its `"sigmaFieldMap"`), and the paths set in
 * the UI's settings. Changing any of them reloads and recompiles the whole set once; the detectors
 * read `current` at the start of each pass.
 */
import type { SigmaRuleRef, SigmaRulesInfo } from '../../shared/sigma'
import type { LoadEntry } from './types'
import { loadRules } from './loadRules'
import { buildSigmaSet, type SigmaSet } from './SigmaSet'
import { isMappableField, MAPPABLE_FIELDS, type SigmaFieldMap } from './fieldMap'

interface PathSource {
  paths: readonly string[]
  /** Sigma field name → event field name, as written (checked on reload). */
  fieldMap?: Readonly<Record<string, string>>
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
    const problems: string[] = []
    for (const [root, f] of this.folders) {
      for (const [name, field] of Object.entries(f.fieldMap ?? {})) {
        if (isMappableField(field)) fieldMap[name] = field
        else problems.push(`${root}/.vigil.json: sigmaFieldMap "${name}": "${field}" is not an event field (${MAPPABLE_FIELDS.join(', ')}); ignored`)
      }
    }
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

  /** What the UI's settings show: where rules come from, every rule document, and the problems. */
  info(): SigmaRulesInfo {
    const p = this.paths
    return {
      paths: { cli: [...p.cli], folders: [...p.folders], user: [...p.user] },
      rules: this.entries.map((e) =>
        e.status === 'loaded'
          ? { status: e.status, path: e.path, line: e.line, id: e.id, title: e.title, kind: e.kind, level: e.level }
          : { status: e.status, path: e.path, line: e.line, id: e.id, title: e.title, reason: e.reason },
      ),
      problems: [...this.problems],
    }
  }

  /** The loaded rules among `ids`, with their files (for a finding's detail). */
  refs(ids: readonly string[]): SigmaRuleRef[] {
    const set = this.current
    if (!set) return []
    return ids.flatMap((id) => {
      const r = set.byRef.get(id)
      return r ? [{ id: r.id, title: r.title, level: r.level, path: r.path, line: r.line }] : []
    })
  }

  /** The rule paths set in the UI. */
  async setUserPaths(paths: readonly string[]): Promise<void> {
    this.userPaths = [...paths]
    await this.reload()
  }
}
