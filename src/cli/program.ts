/** The `vigil` command tree (commander). Each command lives in its own file under commands/. */
import { Command } from 'commander'
import { VIGIL_VERSION } from '../engine/api/version'
import { registerBench } from './commands/bench'
import { registerEval } from './commands/evaluate'
import { registerGenerate } from './commands/generate'
import { registerScan } from './commands/scan'
import { registerServe } from './commands/serve'
import { registerSigma } from './commands/sigma'
import { registerWatch } from './commands/watch'
import type { CliIO } from './io'

export function buildProgram(io: CliIO, setExit: (code: number) => void): Command {
  const program = new Command('vigil')
    .description('Parse auth.log and JSON security logs, score every event, map findings to MITRE ATT&CK.')
    .version(VIGIL_VERSION)
    .exitOverride()
    .configureOutput({ writeOut: io.out, writeErr: io.err })
  registerScan(program, io, setExit)
  registerWatch(program, io, setExit)
  registerGenerate(program, io, setExit)
  registerEval(program, io, setExit)
  registerServe(program, io, setExit)
  registerBench(program, io, setExit)
  registerSigma(program, io, setExit)
  return program
}
