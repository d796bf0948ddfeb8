/**
 * A first scan analyses the columns it built while storing (detect/scoreStore.ts ScanColumns; raw lines
 * stay in the store, scores are written in chunks). It must give exactly what analysing the stored
 * events read back as objects gives (the path every later scan and the pipeline seam take): the
 * same events, scores, reasons and export, byte for byte, on the demo and the integration fixtures.
 */
import { rmSync } from 'node:fs'
import { resolve } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { createEngine } from '../../src/engine/api/createEngine'
import { defaultPipeline } from '../../src/engine/api/defaultPipeline'
import type { Engine } from '../../src/engine/api/Engine'
import { findingsToCsv } from '../../src/engine/export/csvWriter'
import { makeIntegrationFolder } from './fixtureFolder'

const DEMO = resolve(__dirname, '../../resources/demo-logs')
// The seam without analyzeTable: the engine reads the stored events back and analyses them as objects.
const { analyzeTable: _columnar, ...objectPipeline } = defaultPipeline
void _columnar

async function scanWith(columnar: boolean, folder: string): Promise<{ engine: Engine; csv: string }> {
  const engine = createEngine({ scratchStore: true, ...(columnar ? {} : { pipeline: objectPipeline }), log: () => undefined })
  const res = await engine.scan([folder])
  if (!res.ok) throw new Error(res.error.message)
  return { engine, csv: findingsToCsv(engine.store.iterateFindings('NONE')).csv }
}

describe('a first scan from columns', () => {
  const folders: string[] = []
  afterAll(() => {
    for (const f of folders) rmSync(f, { recursive: true, force: true })
  })

  for (const [name, folder] of [
    ['the demo', () => DEMO],
    ['the integration fixtures', () => {
      const f = makeIntegrationFolder()
      folders.push(f)
      return f
    }],
  ] as const) {
    // Two whole scans of the demo: minutes on a loaded machine.
    it(`scores ${name} exactly as the object path does`, { timeout: 300_000 }, async () => {
      const dir = folder()
      const columnar = await scanWith(true, dir)
      const objects = await scanWith(false, dir)
      try {
        const a = columnar.engine.findings('NONE')
        const b = objects.engine.findings('NONE')
        expect(a.length).toBeGreaterThan(100)
        expect(a.filter((f) => f.severity !== 'NONE').length).toBeGreaterThan(5)
        expect(a).toEqual(b)
        expect(columnar.csv).toBe(objects.csv)
        expect(columnar.engine.summary()).toEqual({ ...objects.engine.summary(), durationMs: columnar.engine.summary().durationMs })
      } finally {
        await columnar.engine.close()
        await objects.engine.close()
      }
    })
  }
})

