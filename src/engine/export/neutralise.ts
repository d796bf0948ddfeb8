/**
 * Spreadsheet formula-injection defence (OWASP "CSV Injection"): a text cell that starts with one
 * of these characters is prefixed with a single quote, which spreadsheets show as text. Leading LF
 * and NBSP are there because spreadsheets skip them before looking for a formula; the fullwidth
 * forms because some (Excel in CJK locales) read `＝` as `=`.
 */
export const FORMULA_PREFIXES: readonly string[] = ['=', '+', '-', '@', '\t', '\r', '\n', '\u00a0', '\uff1d', '\uff0b', '\uff0d', '\uff20']

/**
 * C0 controls but tab and newline, DEL and the C1 controls: a terminal or viewer that shows the
 * CSV would act on them (ESC starts ANSI sequences, U+009B is a one-character CSI).
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g

const hex = (c: string): string => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`

/** Control characters (but tab and newline) written as `\xHH`, so the cell holds no raw control byte. */
export function escapeControls(text: string): string {
  return text.replace(CONTROL, hex)
}

/** The cell as a spreadsheet will read it as inert text. Numbers are never passed here. */
export function neutraliseCell(text: string): string {
  const safe = escapeControls(text)
  return safe.length > 0 && FORMULA_PREFIXES.includes(safe[0]) ? `'${safe}` : safe
}
