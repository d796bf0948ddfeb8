/**
 * Opening a folder: the native dialog in Electron; in a browser (`vigil serve`) the page cannot
 * browse the server's disk, so the analyst types the server-side path.
 */
import { useState, type FormEvent } from 'react'

export interface OpenFolderProps {
  pickFolder?: () => Promise<string | null>
  busy: boolean
  onOpen: (path: string) => void
}

export function OpenFolder({ pickFolder, busy, onOpen }: OpenFolderProps) {
  const [path, setPath] = useState('')

  if (pickFolder) {
    return (
      <button
        type="button"
        className="primary"
        disabled={busy}
        onClick={() => void pickFolder().then((chosen) => chosen && onOpen(chosen))}
      >
        Open Folder…
      </button>
    )
  }

  const submit = (e: FormEvent): void => {
    e.preventDefault()
    const trimmed = path.trim()
    if (trimmed) onOpen(trimmed)
  }
  return (
    <form className="open-folder" onSubmit={submit}>
      <input
        type="text"
        aria-label="Folder path on the server"
        placeholder="/var/log or a folder of copied logs"
        value={path}
        spellCheck={false}
        onChange={(e) => setPath(e.target.value)}
      />
      <button type="submit" className="primary" disabled={busy || path.trim() === ''}>
        Open Folder
      </button>
    </form>
  )
}
