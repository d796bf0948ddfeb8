import type { FileProblem } from '../../shared/sources'
import type { DiscoveredFile } from '../ingest/discoverFiles'
import type { IngestFs } from '../ingest/fsSeam'
import { readLogText, type TextReadLimits, type TextReadResult } from '../ingest/readLogText'
import type { RecordQuality } from './json/recordQuality'
import { JsonDocumentSink } from './sinks/JsonDocumentSink'
import { JsonLinesSink } from './sinks/JsonSink'
import type { SinkContext } from './sinks/LineSink'

/** How a whole-document read went. */
export interface DocumentRead {
  read: TextReadResult
  /** Lines in the file (blank ones included), as the line reader counts them. */
  lines: number
  /** Why the file is data rather than a log, null for a log. */
  notALog: string | null
  quality: RecordQuality[]
  /** The document broke after some records: where, and what was done. */
  problem: FileProblem | null
  /** Lines cut at the line bound when the file (or its broken rest) was read line by line. */
  truncatedLines: number
}

/** Counts lines the way `LineSplitter` does: a last line without its newline still counts. */
class LineCounter {
  lines = 0
  private open = false

  add(text: string): void {
    let at = text.indexOf('\n')
    while (at >= 0) {
      this.lines++
      at = text.indexOf('\n', at + 1)
    }
    if (text.length > 0) this.open = !text.endsWith('\n')
  }

  total(): number {
    return this.lines + (this.open ? 1 : 0)
  }
}

/**
 * Reads a file sniffed as a whole JSON document as one text stream (no line bound inside it),
 * handing `afterChunk` a chance to pass on the events of each chunk. If the text stops being JSON,
 * the rest is read line by line (from the line where the unfinished record began; the whole file
 * when no record came out) through the JSON-lines reader, so nothing is lost.
 */
export async function readJsonDocument(
  fs: IngestFs,
  file: DiscoveredFile,
  ctx: SinkContext,
  limits: TextReadLimits,
  readLines: (onLine: (text: string, lineNo: number, truncated: boolean) => void) => Promise<{ read: TextReadResult; lines: number }>,
  afterChunk: () => void,
): Promise<DocumentRead> {
  const doc = new JsonDocumentSink(ctx)
  const counter = new LineCounter()
  const read = await readLogText(fs, file.absPath, file.relPath, (text) => {
    counter.add(text)
    doc.write(text)
    afterChunk()
    return doc.brokenAtLine === null
  }, limits)
  if (read.problem?.code === 'binary') return { read, lines: 0, notALog: null, quality: [], problem: null, truncatedLines: 0 }
  doc.finish()
  const from = doc.brokenAtLine
  if (from === null) return { read, lines: counter.total(), notALog: doc.notALog(), quality: [doc.quality()].filter((q) => q !== null), problem: null, truncatedLines: 0 }

  const lineWise = new JsonLinesSink({ ...ctx, judgeLog: false })
  let truncatedLines = 0
  const again = await readLines((text, lineNo, truncated) => {
    if (lineNo < from) return
    if (truncated) truncatedLines++
    lineWise.line(text, lineNo)
    afterChunk()
  })
  lineWise.finish()
  const quality = [doc.quality(), lineWise.quality()].filter((q) => q !== null)
  const problem: FileProblem | null =
    doc.recordCount === 0 || again.read.problem !== null
      ? again.read.problem
      : {
          file: file.relPath,
          code: 'corrupt',
          message: `${file.relPath}: the JSON document breaks near line ${from.toLocaleString('en-US')} (${doc.error?.message ?? 'not JSON'}); ${doc.recordCount.toLocaleString('en-US')} records read before it, the lines from there on read one by one`,
        }
  return { read: again.read, lines: again.lines, notALog: null, quality, problem, truncatedLines }
}
