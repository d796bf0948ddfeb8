import { SyslogParser } from '../syslog/SyslogParser'
import type { LineSink, SinkContext } from './LineSink'
import { isBlank } from './LineSink'

/** Syslog auth lines (RFC 3164/5424/ISO); anything else becomes an 'other' event. */
export class SyslogSink implements LineSink {
  private readonly parser: SyslogParser

  constructor(private readonly ctx: SinkContext) {
    this.parser = new SyslogParser(ctx)
  }

  line(text: string, lineNo: number): void {
    if (isBlank(text)) return
    this.ctx.emit(this.parser.parse(text, lineNo))
  }

  finish(): void {
    this.parser.finish()
  }
}
