/**
 * Spreadsheet formula-injection defence (OWASP "CSV Injection"): a text cell that starts with one
 * of these characters is prefixed with a single quote, which spreadsheets show as text.
 */
export const FORMULA_PREFIXES: readonly string[] = ['=', '+', '-', '@', '\t', '\r']

/** The cell as a spreadsheet will read it as inert text. Numbers are never passed here. */
export function neutraliseCell(text: string): string {
  return text.length > 0 && FORMULA_PREFIXES.includes(text[0]) ? `'${text}` : text
}
