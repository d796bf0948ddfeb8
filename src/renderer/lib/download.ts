/** Saves text as a file through the browser's download machinery (works in Electron too). */
export function downloadText(filename: string, text: string, mimeType: string): void {
  const blob = new Blob([text], { type: mimeType })
  const url = URL.createObjectURL(blob)
  const anchor = document.createElement('a')
  anchor.href = url
  anchor.download = filename
  anchor.rel = 'noopener'
  anchor.style.display = 'none'
  document.body.append(anchor)
  anchor.click()
  anchor.remove()
  // Revoke later: the download reads the blob asynchronously after the click.
  setTimeout(() => URL.revokeObjectURL(url), 60_000)
}
