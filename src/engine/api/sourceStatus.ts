/**
 * The status the sources panel shows for a stored file. A rotation is recorded by ingestFile as the
 * file's message (`rotated (was auth.log)`), while the stored status keeps saying how the file is
 * read (`watching` / `scanned`: the stats and the next read depend on it); the analyst sees
 * `rotated`.
 */
import { assertNever } from '../../shared/result'
import type { SourceStatus } from '../../shared/sources'

const ROTATED = 'rotated ('

export function shownStatus(file: { status: SourceStatus; message: string | null }): SourceStatus {
  switch (file.status) {
    case 'scanned':
    case 'watching':
      return file.message?.startsWith(ROTATED) ? 'rotated' : file.status
    case 'rotated':
    case 'unreadable':
    case 'skipped':
    case 'deleted':
      return file.status
    default:
      return assertNever(file.status)
  }
}
