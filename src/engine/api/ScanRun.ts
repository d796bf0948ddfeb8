/**
 * One running scan, so `ingest.cancel` can stop it cleanly: reading stops after the file being
 * read (each file is committed whole with its offset), the analysis at its next step before any
 * score is written. What was stored stays, unscored; the next open reads on and scores it all.
 */
export class ScanRun {
  cancelled = false

  /** Called at each analysis step: throws ScanCancelled once cancelled, before scores are written. */
  checkpoint(step: string): void {
    if (this.cancelled && BEFORE_SCORES.has(step)) throw new ScanCancelled()
  }
}

/** Analysis steps (detect/analyze.ts) reached before the ensemble writes any score. */
const BEFORE_SCORES = new Set(['features', 'iforest', 'autoencoder', 'statistical', 'rules'])

export class ScanCancelled extends Error {
  constructor() {
    super('scan cancelled')
  }
}
