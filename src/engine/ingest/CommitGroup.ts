/**
 * Many small files committed in one transaction: a scan opens a group before a file is read and
 * reports each file's events once it is stored; the group commits every `files` files or `events`
 * events. Each file's events and offset are written inside it, so a crash (kill -9) keeps all of
 * a group or none of it: no line is lost or doubled, the next scan reads the group's files again.
 * One transaction per file cost 100,000 tiny files a third of their scan.
 */
import type { Store } from '../store/Store'

export interface CommitGroupLimits {
  /** Files per transaction. */
  files: number
  /** Events per transaction (a group of fuller files commits sooner). */
  events: number
}

export const DEFAULT_GROUP_LIMITS: CommitGroupLimits = { files: 1_000, events: 20_000 }

export class CommitGroup {
  private open = false
  private files = 0
  private events = 0
  /** Transactions committed so far (the tests count them). */
  committed = 0

  constructor(
    private readonly store: Pick<Store, 'beginSpan' | 'commitSpan' | 'rollbackSpan'>,
    private readonly limits: CommitGroupLimits = DEFAULT_GROUP_LIMITS,
  ) {}

  /** Before a file is read: everything it writes goes into the group's transaction. */
  enter(): void {
    if (this.open) return
    this.store.beginSpan()
    this.open = true
  }

  /** A file of the group is stored, with `events` new events: commits when the group is full. */
  stored(events: number): void {
    if (!this.open) return
    this.files++
    this.events += events
    if (this.files >= this.limits.files || this.events >= this.limits.events) this.commit()
  }

  /** Commits the files stored so far (the end of a scan, a cancel, or a big file about to open its own transaction). */
  commit(): void {
    if (!this.open) return
    this.open = false
    this.files = 0
    this.events = 0
    this.store.commitSpan()
    this.committed++
  }

  /**
   * Ends the group of a scan that failed: the files stored so far are kept (each file's commit is
   * whole in itself, and a write made meanwhile, such as a triage, is not lost with them), unless
   * the database refuses to commit, then they are undone and the next scan reads them again.
   */
  close(): void {
    if (!this.open) return
    try {
      this.commit()
    } catch {
      this.store.rollbackSpan()
    }
  }
}
