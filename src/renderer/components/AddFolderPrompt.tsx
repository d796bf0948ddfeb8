/**
 * Opening a folder while the case already holds events asks where it goes: into this case (a
 * server's normal is still learnt from its own lines, engine/detect/hostParts.ts), or a new case of
 * its own (nothing here changes).
 */
export interface AddFolderPromptProps {
  path: string
  caseName: string
  onAdd: () => void
  onNewCase: () => void
  onCancel: () => void
}

export function AddFolderPrompt({ path, caseName, onAdd, onNewCase, onCancel }: AddFolderPromptProps) {
  return (
    <div className="add-folder" role="alertdialog" aria-label="Where does this folder go?" data-testid="add-folder-prompt">
      <span>
        Open <strong className="mono">{path}</strong>:
      </span>
      <button type="button" onClick={onAdd}>
        Add to this case ({caseName})
      </button>
      <button type="button" className="primary" onClick={onNewCase}>
        Open in a new case
      </button>
      <button type="button" className="icon-button" aria-label="Cancel" onClick={onCancel}>
        ×
      </button>
    </div>
  )
}
