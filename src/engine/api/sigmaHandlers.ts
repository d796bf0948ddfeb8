/** Handlers of the Sigma methods (shared/sigma.ts): the rules the engine runs, and the paths set in the UI. */
import type { MethodParams, MethodResult } from '../../shared/api'
import type { SigmaResults } from '../../shared/sigma'
import type { Engine } from './Engine'

type SigmaHandlers = { [M in keyof SigmaResults]: (params: MethodParams<M>) => Promise<MethodResult<M>> }

export function createSigmaHandlers(engine: Engine): SigmaHandlers {
  return {
    'sigma.rules': async () => engine.sigma.info(),
    'sigma.setPaths': async ({ paths }) => engine.setSigmaPaths(paths),
  }
}
