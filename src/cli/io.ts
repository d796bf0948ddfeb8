/** Where the CLI writes and what it runs in; injected so tests capture output and end long commands. */
export interface CliIO {
  out(text: string): void
  err(text: string): void
  cwd: string
  env: Record<string, string | undefined>
  /** Ends long-running commands (serve, watch); the process's SIGINT/SIGTERM when not given. */
  signal?: AbortSignal
  /** Whether stdout is a terminal (a browser is only opened for a person at a terminal). */
  isTTY?: boolean
  /** Whether stderr is a terminal (progress is drawn there only then), and its width. */
  errIsTTY?: boolean
  errColumns?: number
}

export function processIO(): CliIO {
  // `vigil scan ... | head` closes the pipe early: that is the reader's choice, not an error.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE') process.exit(EXIT.ok)
      throw e
    })
  }
  return {
    out: (t) => void process.stdout.write(t),
    err: (t) => void process.stderr.write(t),
    cwd: process.cwd(),
    env: process.env,
    isTTY: process.stdout.isTTY === true,
    errIsTTY: process.stderr.isTTY === true,
    errColumns: process.stderr.columns,
  }
}

/** Exit codes of DESIGN.md. */
export const EXIT = { ok: 0, internal: 1, usage: 2 } as const

/** Resolves when the run should stop: the injected signal, or SIGINT/SIGTERM. */
export function untilStopped(io: CliIO): Promise<void> {
  return new Promise((resolve) => {
    if (io.signal) {
      if (io.signal.aborted) resolve()
      else io.signal.addEventListener('abort', () => resolve(), { once: true })
      return
    }
    const stop = (): void => {
      process.off('SIGINT', stop)
      process.off('SIGTERM', stop)
      resolve()
    }
    process.on('SIGINT', stop)
    process.on('SIGTERM', stop)
  })
}
