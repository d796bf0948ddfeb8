import type { FileProblemCode } from '../../shared/sources'

/** A file Vigil chose not to read (not a log) is skipped; one it could not read is unreadable. */
export function statusOfProblem(code: FileProblemCode): 'skipped' | 'unreadable' {
  return code === 'binary' || code === 'not_a_log' ? 'skipped' : 'unreadable'
}
