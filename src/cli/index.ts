/**
 * Entry of the `vigil` command (bin/vigil.js imports the built out/cli/index.js and exits with
 * `main`'s result). Exit codes: 0 done, 2 bad arguments or unreadable input, 1 internal error.
 */
import { CommanderError } from 'commander'
import { EXIT, processIO, type CliIO } from './io'
import { buildProgram } from './program'

export async function main(argv: readonly string[], io: CliIO = processIO()): Promise<number> {
  let code: number = EXIT.ok
  const program = buildProgram(io, (c) => {
    code = c
  })
  try {
    await program.parseAsync([...argv], { from: 'user' })
    return code
  } catch (e) {
    if (e instanceof CommanderError) {
      return e.code === 'commander.helpDisplayed' || e.code === 'commander.version' ? EXIT.ok : EXIT.usage
    }
    io.err(`vigil: internal error: ${(e as Error)?.message ?? String(e)}\n`)
    if (io.env.VIGIL_DEBUG) io.err(`${(e as Error)?.stack ?? ''}\n`)
    return EXIT.internal
  }
}
