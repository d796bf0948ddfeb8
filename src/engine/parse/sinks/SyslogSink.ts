import { SyslogParser } from '../syslog/SyslogParser'
import { ConnectionFill } from './ConnectionFill'
import type { LineSink, SinkContext } from './LineSink'
import { isBlank } from './LineSink'

/**
 * Syslog auth lines (RFC 3164/5424/ISO); anything else becomes an 'other' event. sshd lines
 * without the client address take it from their connection's other lines (ConnectionFill).
 */
export class SyslogSink implements LineSink {
  private readonly parser: SyslogParser
  private readonly connections: ConnectionFill

  constructor(ctx: SinkContext) {
    this.parser = new SyslogParser(ctx)
    this.connections = new ConnectionFill(ctx.emit)
  }

  line(text: string, lineNo: number): void {
    if (isBlank(text)) return
    this.connections.push(this.parser.parse(text, lineNo))
  }

  finish(): void {
    this.parser.finish()
    this.connections.flush()
  }
}
