/**
 * `vigil sigma check PATH...`: every rule document under the paths, loaded or skipped with the
 * reason. Exit 0 when every rule loaded, 1 when at least one was skipped (so a CI job can gate a
 * rules repository on it), 2 when a path cannot be read.
 */
import { relative, resolve } from 'node:path'
import type { Command } from 'commander'
import { loadRules } from '../../engine/sigma/loadRules'
import type { LoadEntry } from '../../engine/sigma/types'
import { EXIT, type CliIO } from '../io'

/** Some rules were skipped (not an internal error: the rules need attention). */
export const EXIT_SKIPPED = 1

export function registerSigma(program: Command, io: CliIO, setExit: (code: number) => void): void {
  const sigma = program.command('sigma').description('Sigma rules')
  sigma
    .command('check')
    .description('list every rule under the paths as loaded, or skipped and why (exit 0 all loaded, 1 some skipped, 2 bad path)')
    .argument('<paths...>', 'Sigma rule files (.yml) or folders of them')
    .option('--json', 'one JSON object per rule instead of text')
    .action(async (paths: string[], options: { json?: boolean }) => setExit(await runSigmaCheck(paths, options, io)))
}

export async function runSigmaCheck(paths: readonly string[], options: { json?: boolean }, io: CliIO): Promise<number> {
  const loaded = await loadRules(paths.map((p) => resolve(io.cwd, p)))
  if (!loaded.ok) {
    io.err(`vigil: ${loaded.error.message}\n`)
    return EXIT.usage
  }
  const { entries } = loaded.value
  const where = (e: LoadEntry) => `${relative(io.cwd, e.path) || e.path}:${e.line}`
  for (const e of entries) {
    if (options.json) io.out(`${JSON.stringify({ ...e, path: e.path })}\n`)
    else if (e.status === 'loaded') io.out(`loaded   ${where(e)}  ${e.id}  ${e.title} (${e.kind === 'correlation' ? 'correlation, ' : ''}${e.level})\n`)
    else io.out(`skipped  ${where(e)}  ${e.id ?? '-'}  ${e.title ?? '(no title)'}: ${e.reason}\n`)
  }
  const skipped = entries.filter((e) => e.status === 'skipped').length
  if (!options.json) io.out(`${entries.length - skipped} loaded, ${skipped} skipped\n`)
  if (entries.length === 0) {
    io.err(`vigil: no Sigma rules (.yml, .yaml) in ${paths.join(', ')}\n`)
    return EXIT.usage
  }
  return skipped > 0 ? EXIT_SKIPPED : EXIT.ok
}
