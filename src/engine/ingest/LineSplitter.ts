/**
 * Splits decoded text chunks into lines (LF or CRLF; a last line without a newline counts). A line
 * longer than `maxLineChars` is kept truncated, its remainder dropped without being held in memory,
 * and flagged so the event can say so.
 */
export type LineHandler = (line: string, lineNo: number, truncatedFrom: number) => void

/** Default bound on one line: 64 Ki characters. */
export const DEFAULT_MAX_LINE_CHARS = 65_536

export class LineSplitter {
  private carry = ''
  /** Length of the current line so far when it went over the bound (0 when it did not). */
  private overflow = 0
  private lineNo = 0

  constructor(
    private readonly onLine: LineHandler,
    private readonly maxLineChars: number = DEFAULT_MAX_LINE_CHARS,
  ) {}

  /** Lines seen so far (including blank ones). */
  get lines(): number {
    return this.lineNo
  }

  push(text: string): void {
    let start = 0
    for (;;) {
      const nl = text.indexOf('\n', start)
      if (nl < 0) break
      if (this.carry.length === 0 && this.overflow === 0) {
        const len = nl - start
        if (len <= this.maxLineChars) {
          const end = len > 0 && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl
          this.onLine(text.slice(start, end), ++this.lineNo, 0)
        } else {
          this.onLine(text.slice(start, start + this.maxLineChars), ++this.lineNo, len)
        }
      } else {
        this.append(text, start, nl)
        this.emitCarry()
      }
      start = nl + 1
    }
    if (start < text.length) this.append(text, start, text.length)
  }

  /** Emits the last line when the text did not end with a newline. */
  end(): void {
    if (this.carry.length > 0 || this.overflow > 0) this.emitCarry()
  }

  private append(text: string, from: number, to: number): void {
    if (this.overflow > 0) {
      this.overflow += to - from
      return
    }
    const room = this.maxLineChars - this.carry.length
    if (to - from <= room) {
      this.carry += text.slice(from, to)
    } else {
      this.overflow = this.carry.length + (to - from)
      this.carry += text.slice(from, from + room)
    }
  }

  private emitCarry(): void {
    let line = this.carry
    const truncatedFrom = this.overflow
    if (truncatedFrom === 0 && line.charCodeAt(line.length - 1) === 13) line = line.slice(0, -1)
    this.carry = ''
    this.overflow = 0
    this.onLine(line, ++this.lineNo, truncatedFrom)
  }
}
