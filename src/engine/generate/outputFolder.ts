/**
 * The output folder of `generate`: it must be new or empty, unless the caller asks to replace a
 * previous generation, in which case only what the generator writes is removed (anything else,
 * such as a README, stays).
 */
import { readdir, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { type Result, err, ok } from '../../shared/result'
import { hostName } from './world'

/** Entries a generation of `hosts` hosts writes at the top of its folder. */
export function generatedEntries(hosts: number): string[] {
  return ['labels.csv', '.labels.csv', '.vigil.json', 'portal', 'cloud', ...Array.from({ length: hosts }, (_, i) => hostName(i))]
}

/**
 * Ready `dir` for a generation: absent or empty is fine; with `replace`, a previous generation's
 * entries (for up to 50 hosts) are removed first and any other entry is left alone.
 */
export async function prepareOutputFolder(dir: string, replace: boolean): Promise<Result<void, string>> {
  let entries: string[]
  try {
    entries = await readdir(dir)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return ok(undefined)
    return err(`${dir}: ${(error as Error).message}`)
  }
  if (entries.length === 0) return ok(undefined)
  if (!replace) return err(`${dir} is not empty: choose a new folder, or add --force to replace a previous generation there`)
  const ours = new Set(generatedEntries(50))
  for (const entry of entries) {
    if (ours.has(entry)) await rm(join(dir, entry), { recursive: true, force: true })
  }
  return ok(undefined)
}
