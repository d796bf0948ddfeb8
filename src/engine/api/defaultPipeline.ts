/** The real ingest, parse and detect modules, bound to the engine's Pipeline seam. */
import { analyze, analyzeTable, scoreNew, type TrainedModel } from '../detect/analyze'
import { isUsableModel } from '../detect/model'
import { countryOnly, createGeoLookup, enrichGeoWith, releaseGeoDatabase } from '../enrich/geoip'
import { FEATURE_SCHEMA_VERSION } from '../features/schema'
import { discoverFiles } from '../ingest/discoverFiles'
import { readAppended } from '../ingest/readAppended'
import { eventKey } from '../parse/eventKey'
import { hostHintFor } from '../parse/hostHint'
import { parseFile } from '../parse/parseFile'
import { parseLines } from '../parse/parseLines'
import type { Pipeline } from './pipeline'

export const defaultPipeline: Pipeline<TrainedModel> = {
  discoverFiles,
  parseFile,
  parseLines,
  readAppended,
  hostHintFor,
  eventKey,
  analyze,
  analyzeTable,
  scoreNew,
  isUsableModel: (model): model is TrainedModel => isUsableModel(model, FEATURE_SCHEMA_VERSION),
  featureSchemaVersion: (model) => String(model.featureSchemaVersion),
  loadGeoEnricher: async () => {
    const geo = await createGeoLookup()
    if (!geo.ok) return null
    const lookup = countryOnly(geo.value.lookup)
    return (events) => void enrichGeoWith(events, lookup)
  },
  releaseGeo: releaseGeoDatabase,
}
