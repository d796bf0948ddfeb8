import type { FileProblemCode } from '../../shared/sources'

/**
 * A file Vigil chose not to read (not a log, a link out of the folder, a device, a bomb) is
 * skipped; one it could not read is unreadable.
 */
export function statusOfProblem(code: FileProblemCode): 'skipped' | 'unreadable' {
  return SKIPPED.has(code) ? 'skipped' : 'unreadable'
}

const SKIPPED: ReadonlySet<FileProblemCode> = new Set<FileProblemCode>(['binary', 'not_a_log', 'outside_folder', 'not_regular', 'bomb', 'no_logs'])
