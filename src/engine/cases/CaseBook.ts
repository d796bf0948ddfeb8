/**
 * Where cases live and which were opened last: one store file per case in a cases folder
 * (`~/.config/vigil/cases/<id>.sqlite` by default) and an index (`cases.json`: id, name, path,
 * last opened) beside them. A case opened from elsewhere (`--db FILE`, an older single store) is
 * indexed by its path, its id derived from the file name.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { basename, join, resolve } from 'node:path'
import type { CaseInfo } from '../../shared/cases'

const INDEX = 'cases.json'
const MAX_CASES = 500

/** `Brute force on web-01` → `brute-force-on-web-01`. */
export function slugOf(name: string): string {
  const slug = name
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
  return slug === '' ? 'case' : slug
}

export class CaseBook {
  private cases: CaseInfo[]

  constructor(
    readonly dir: string,
    private readonly now: () => number = Date.now,
  ) {
    this.cases = readIndex(join(dir, INDEX))
  }

  list(): CaseInfo[] {
    return [...this.cases].sort((a, b) => b.openedAt - a.openedAt || a.name.localeCompare(b.name))
  }

  get(id: string): CaseInfo | undefined {
    return this.cases.find((c) => c.id === id)
  }

  /** A new case with its own store file in the cases folder (an id not taken yet). */
  create(name: string): CaseInfo {
    const base = slugOf(name)
    let id = base
    for (let n = 2; this.get(id) || existsSync(join(this.dir, `${id}.sqlite`)); n++) id = `${base}-${n}`
    return this.touch({ id, name: name.trim(), path: join(this.dir, `${id}.sqlite`), openedAt: 0 })
  }

  /** The case of an existing store file (`--db FILE`): indexed by its path, added when new. */
  ofStore(path: string, name?: string): CaseInfo {
    const abs = resolve(path)
    const known = this.cases.find((c) => c.path === abs)
    if (known) return this.touch(known)
    const stem = slugOf(basename(abs).replace(/\.(sqlite3?|db)$/i, ''))
    let id = stem
    for (let n = 2; this.get(id); n++) id = `${stem}-${n}`
    return this.touch({ id, name: name ?? basename(abs), path: abs, openedAt: 0 })
  }

  /** Marks a case opened now (the recent list's first) and saves the index. */
  touch(c: CaseInfo): CaseInfo {
    const opened = { ...c, openedAt: Math.max(this.now(), ...this.cases.map((x) => x.openedAt + 1)) }
    this.cases = [opened, ...this.cases.filter((x) => x.id !== c.id)].slice(0, MAX_CASES)
    this.save()
    return opened
  }

  private save(): void {
    mkdirSync(this.dir, { recursive: true })
    const file = join(this.dir, INDEX)
    // Written aside and renamed: a crash never leaves half an index.
    writeFileSync(`${file}.tmp`, `${JSON.stringify({ cases: this.cases }, null, 2)}\n`)
    renameSync(`${file}.tmp`, file)
  }
}

function readIndex(file: string): CaseInfo[] {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as { cases?: unknown }
    if (!Array.isArray(parsed.cases)) return []
    return parsed.cases.filter(
      (c): c is CaseInfo =>
        typeof c === 'object' && c !== null && typeof c.id === 'string' && typeof c.name === 'string' && typeof c.path === 'string' && typeof c.openedAt === 'number',
    )
  } catch {
    return [] // no index yet, or unreadable: cases are found again as they are opened
  }
}

/** The cases folder: `VIGIL_CASES_DIR`, else beside the desktop store (`<config>/vigil/cases`). */
export function casesDirOf(env: Record<string, string | undefined>, desktopStore: string | null): string | null {
  if (env.VIGIL_CASES_DIR) return resolve(env.VIGIL_CASES_DIR)
  return desktopStore === null ? null : join(desktopStore, '..', 'cases')
}
