/** An Engine on the real ingest, parse and detect modules. */
import { Engine, type EngineOptions } from './Engine'
import { defaultPipeline } from './defaultPipeline'

export function createEngine(options: Omit<EngineOptions, 'pipeline'> & { pipeline?: EngineOptions['pipeline'] } = {}): Engine {
  return new Engine({ ...options, pipeline: options.pipeline ?? defaultPipeline })
}
