/**
 * Is this (decompressed) content binary rather than text? Decided on a sample of the start.
 * Runs of NUL bytes alone do not make a file binary: syslog files often hold a block of zeros
 * after a crash, followed by good lines.
 */
const MAGICS: readonly number[][] = [
  [0x7f, 0x45, 0x4c, 0x46], // ELF
  [0x50, 0x4b, 0x03, 0x04], // zip
  [0x89, 0x50, 0x4e, 0x47], // PNG
  [0x25, 0x50, 0x44, 0x46], // PDF
  [0xff, 0xd8, 0xff], // JPEG
  [0x1f, 0x8b], // gzip inside gzip
  [0x42, 0x5a, 0x68], // bzip2
  [0xfd, 0x37, 0x7a, 0x58, 0x5a], // xz
  [0x28, 0xb5, 0x2f, 0xfd], // zstd
  [0x53, 0x51, 0x4c, 0x69, 0x74, 0x65, 0x20, 0x66], // "SQLite f"
  [0x4c, 0x50, 0x4b, 0x53, 0x48, 0x48, 0x52, 0x48], // systemd journal "LPKSHHRH"
]

export const BINARY_SAMPLE_BYTES = 8192

/** A short reason when `sample` looks binary, else null. */
export function binaryReason(sample: Uint8Array): string | null {
  for (const magic of MAGICS) {
    if (sample.length >= magic.length && magic.every((b, i) => sample[i] === b)) return 'a binary format (by its signature)'
  }
  const n = Math.min(sample.length, BINARY_SAMPLE_BYTES)
  let nul = 0
  let suspicious = 0
  for (let i = 0; i < n; i++) {
    const b = sample[i]
    if (b === 0) nul++
    else if (b < 32 && b !== 9 && b !== 10 && b !== 12 && b !== 13 && b !== 27 && b !== 11) suspicious++
    else if (b >= 0x80) {
      // Count bytes that cannot start or continue valid UTF-8.
      const len = b >= 0xf0 && b <= 0xf4 ? 4 : b >= 0xe0 ? 3 : b >= 0xc2 && b < 0xe0 ? 2 : 0
      if (len === 0 || (b >= 0xe0 && b < 0xf0 && len !== 3)) {
        suspicious++
        continue
      }
      let ok = i + len <= n
      for (let k = 1; ok && k < len; k++) ok = (sample[i + k] & 0xc0) === 0x80
      if (ok) i += len - 1
      else if (i + len <= n) suspicious++
    } else if (b === 127) suspicious++
  }
  const text = n - nul
  if (text < 16) return n > 0 && nul === n ? 'only NUL bytes' : null
  return suspicious / text > 0.1 ? 'binary content (control bytes, not text)' : null
}
