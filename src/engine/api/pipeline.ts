/**
 * The seam between the engine and the modules that do the work, in their own types: reading files
 * (`FileReading`, ingest/fileReading.ts) and detection (`Detection`, detect/detection.ts).
 * `defaultPipeline` binds the real modules; the engine's tests inject `fakePipeline` (a toy line
 * format and scores, a model that is a plain object).
 */
import type { Detection } from '../detect/detection'
import type { GeoEnricher } from '../enrich/geoip'
import type { FileReading } from '../ingest/fileReading'

/** Everything the engine needs from ingest, parse and detect. */
export interface Pipeline<M = unknown> extends FileReading, Detection<M> {
  /**
   * Loads the offline GeoIP database (once; large) and returns what fills the country of events
   * whose record has no geo, in place; null when no database can be loaded.
   */
  loadGeoEnricher?(): Promise<GeoEnricher | null>
  /** Frees the GeoIP database until `loadGeoEnricher` is called again (enrich/geoip.ts releaseGeoDatabase). */
  releaseGeo?(): void
}
