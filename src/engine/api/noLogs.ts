/**
 * "No log files found in X": said when an opened folder yields nothing Vigil reads (an empty
 * folder, only hidden folders like /root, or only files skipped as not logs), so the analyst is
 * not left with an empty grid and no word.
 */
import type { FileProblem, SourceFile } from '../../shared/sources'

const READ: ReadonlySet<SourceFile['status']> = new Set(['scanned', 'watching', 'rotated', 'deleted'])

/** The problem to show for `root` (absolute) when none of its files was read as a log, else null. */
export function noLogsProblem(root: string, sources: readonly SourceFile[]): FileProblem | null {
  const mine = sources.filter((s) => s.root === root)
  if (mine.some((s) => READ.has(s.status))) return null
  const skipped = mine.length
  return {
    file: root,
    code: 'no_logs',
    message:
      `no log files found in ${root}` +
      (skipped > 0
        ? ` (${skipped.toLocaleString('en-US')} ${skipped === 1 ? 'file' : 'files'} skipped or unreadable, with the reasons in Sources)`
        : ' (looked for auth.log*, secure*, messages*, syslog*, *.log, *.json, *.jsonl, *.csv and their .gz rotations)'),
  }
}
