/**
 * The demo logs bundled in resources/demo-logs: small (a week, four hosts, about 20,000 events,
 * one episode of every attack kind) and with two hostile user names for the security demo (a
 * spreadsheet formula and an HTML tag, each in a failed SSH login). Their labels are written to
 * `.labels.csv`, which folder scans skip, so `vigil scan resources/demo-logs` sees only logs.
 */
import { type GenerateOptions, type GenerateResult, generateDataset } from './generateDataset'

export const DEMO_OPTIONS = {
  events: 20_000,
  seed: 7,
  hosts: 4,
  days: 7,
  extraInvalidUsers: ['=HYPERLINK("http://x","y")', '<img src=x onerror=alert(1)>'],
  labelsFile: '.labels.csv',
} as const satisfies Omit<GenerateOptions, 'outDir'>

export function generateDemoLogs(outDir: string, onProgress?: GenerateOptions['onProgress']): Promise<GenerateResult> {
  return generateDataset({ outDir, ...DEMO_OPTIONS, onProgress })
}
