/**
 * What reading files into the store needs from discovery and parse (the `FileReading` half of the
 * engine's `Pipeline` seam, api/pipeline.ts). `defaultPipeline` binds the real functions; the
 * engine's own tests bind a toy line format instead (test/engine/api/fakePipeline.ts), so dedup,
 * tailing and rotation are tested without depending on the real parsers' output.
 */
import type { NormalizedEvent } from '../../shared/event'
import type { Result } from '../../shared/result'
import type { FileProblem } from '../../shared/sources'
import type { LineContext } from '../parse/parseLines'
import type { ParsedFile, ParseOptions } from '../parse/parseFile'
import type { DiscoveredFile } from './discoverFiles'

/** Complete lines appended since an offset, and where the next read starts (see readAppended). */
export interface AppendedLines {
  lines: string[]
  nextOffset: number
}

export interface FileReading {
  discoverFiles(root: string): Promise<{ files: DiscoveredFile[]; problems: FileProblem[] }>
  parseFile(file: DiscoveredFile, options?: ParseOptions): Promise<ParsedFile>
  parseLines(lines: readonly string[], ctx: LineContext): NormalizedEvent[]
  /** Host for lines that name none (the same hint parseFile uses for that file). */
  hostHintFor(file: Pick<DiscoveredFile, 'absPath' | 'relPath'>): string
  readAppended(absPath: string, fromOffset: number): Promise<Result<AppendedLines, FileProblem>>
  eventKey(e: NormalizedEvent): string
}
