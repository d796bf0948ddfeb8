/** A one-line message above the grid (errors, lost connection); dismissable when it is an error. */
export function Banner({ kind, message, onDismiss }: { kind: 'error' | 'warn' | 'info'; message: string; onDismiss?: () => void }) {
  return (
    <div className={`banner banner-${kind}`} role={kind === 'error' ? 'alert' : 'status'}>
      <span>{message}</span>
      {onDismiss && (
        <button type="button" className="icon-button" aria-label="Dismiss" onClick={onDismiss}>
          ×
        </button>
      )}
    </div>
  )
}
