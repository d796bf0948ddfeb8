import type { FileProblem } from '../../shared/sources'

/** The errno code of an error thrown by node:fs (or zlib), if any. */
export function errorCode(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && 'code' in error) {
    const code = (error as { code: unknown }).code
    return typeof code === 'string' ? code : undefined
  }
  return undefined
}

/**
 * A one-line, analyst-facing problem for `file` (relative name) from a file-system error: names
 * the file and says how to fix it where there is a fix.
 */
export function problemFromError(file: string, error: unknown, kind: 'file' | 'folder' = 'file'): FileProblem {
  const code = errorCode(error)
  switch (code) {
    case 'EACCES':
    case 'EPERM':
      return {
        file,
        code: 'unreadable',
        message:
          kind === 'folder'
            ? `${file}: permission denied (folder) — add your user to the group that owns it (for /var/log: sudo usermod -aG adm $USER, then log in again) or copy the folder somewhere readable`
            : `${file}: permission denied — add your user to the 'adm' group (sudo usermod -aG adm $USER, then log in again) or copy the file somewhere readable`,
      }
    case 'ENOENT':
      return { file, code: 'not_found', message: `${file}: not found (deleted while scanning, or a symlink to nothing)` }
    case 'ELOOP':
      return { file, code: 'symlink_loop', message: `${file}: symbolic link loop, skipped` }
    default: {
      const detail = error instanceof Error ? error.message : String(error)
      return { file, code: 'io_error', message: `${file}: could not be read (${code ?? 'error'}: ${detail.split('\n')[0]})` }
    }
  }
}
