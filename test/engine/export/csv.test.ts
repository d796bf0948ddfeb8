import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parse } from 'csv-parse/sync'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { ALL_CSV_COLUMNS, CSV_COLUMNS, findingCells } from '../../../src/engine/export/csvColumns'
import { CSV_HEADER, csvRecords, findingsToCsv, writeCsvFile } from '../../../src/engine/export/csvWriter'
import { FORMULA_PREFIXES, neutraliseCell } from '../../../src/engine/export/neutralise'
import type { Finding } from '../../../src/shared/finding'
import { makeEvent, makeScore } from '../store/makeEvent'

const CONTRACT_HEADER =
  'timestamp,host,source_file,source_line,event,outcome,user,target_user,src_ip,score,severity,threat_type,mitre_techniques,mitre_tactics,reasons,status,note,raw'

const finding = (over: Partial<Finding> = {}): Finding => ({
  ...makeEvent(),
  ...makeScore(0.9612345),
  id: 1,
  status: 'new',
  note: '',
  attack_version: '18.1',
  ...over,
})

const startsWithFormula = (cell: string): boolean => cell.length > 0 && FORMULA_PREFIXES.includes(cell[0])
// Strings rich in the characters that break CSV or spreadsheets.
const nasty = fc.string({
  unit: fc.oneof(
    fc.constantFrom('=', '+', '-', '@', '\t', '\r', '\n', '"', ',', "'", ' ', ';', '\u2028', 'é', '😀', '\u00a0', '＝', '＋', '－', '＠', '\x1b', '\x07', '\0', '\x7f', '\x9b'),
    fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
  ),
  maxLength: 40,
})

describe('anomalies.csv', () => {
  it('starts with exactly the contract header, then the extra columns', () => {
    expect(CSV_COLUMNS.join(',')).toBe(CONTRACT_HEADER)
    expect(CSV_HEADER.startsWith(`${CONTRACT_HEADER},iforest_score,autoencoder_score,statistical_score,rules_score,`)).toBe(true)
    expect(CSV_HEADER.endsWith('\r\n')).toBe(true)
    const { csv, rows } = findingsToCsv([])
    expect(csv).toBe(CSV_HEADER)
    expect(rows).toBe(0)
  })

  it('writes one finding with ISO UTC time, numbers as numbers and lists joined by "; "', () => {
    const f = finding({
      mitre_techniques: ['T1110.001', 'T1078'],
      reasons: ['a', 'b'],
      pid: 42,
      src_port: 5000,
      bytes: null,
    })
    const { csv } = findingsToCsv([f])
    const [header, row] = parse(csv) as string[][]
    expect(header).toEqual(ALL_CSV_COLUMNS)
    const cell = Object.fromEntries(header.map((h, i) => [h, row[i]]))
    expect(cell).toMatchObject({
      timestamp: '2025-03-01T12:00:00.000Z',
      host: 'web1',
      source_line: '1',
      score: '0.9612',
      severity: 'CRITICAL',
      mitre_techniques: 'T1110.001; T1078',
      reasons: 'a; b',
      status: 'new',
      iforest_score: '0.4',
      autoencoder_score: '',
      pid: '42',
      src_port: '5000',
      bytes: '',
      attack_version: '18.1',
    })
    expect(csv.split('\r\n')[1].split(',')[9]).toBe('0.9612')
  })

  it('puts the SSH key columns last, after every contract and earlier extra column, neutralised', () => {
    expect(ALL_CSV_COLUMNS.slice(0, CSV_COLUMNS.length)).toEqual([...CSV_COLUMNS])
    expect(ALL_CSV_COLUMNS.slice(-3)).toEqual(['attack_version', 'key_type', 'key_fingerprint'])
    const fp = 'SHA256:pPq1bqTzvG8xQ0o1yZ3l0d0u3pZr2Q8k4mS0aB1cD2e'
    const [header, row] = parse(findingsToCsv([finding({ key_type: 'ED25519', key_fingerprint: fp })]).csv) as string[][]
    const cell = Object.fromEntries(header.map((h, i) => [h, row[i]]))
    expect([cell.key_type, cell.key_fingerprint, cell.attack_version]).toEqual(['ED25519', fp, '18.1'])
    // Absent (null, or missing on an event built before the fields existed): empty cells.
    const { key_type: _t, key_fingerprint: _f, ...legacy } = finding()
    expect(findingCells(legacy).slice(-2)).toEqual(['', ''])
    expect(findingCells(finding({ key_fingerprint: '=cmd|x' })).at(-1)).toBe("'=cmd|x")
  })

  it('writes the analyst\'s colour and tags in the tags column, after the detector scores and sigma_rules', () => {
    const at = ALL_CSV_COLUMNS.indexOf('tags')
    expect(ALL_CSV_COLUMNS.slice(at - 2, at + 2)).toEqual(['rules_score', 'sigma_rules', 'tags', 'src_port'])
    const [header, row] = parse(findingsToCsv([finding({ tags: ['c2', 'beacon'], color: 'red' }), finding()]).csv) as string[][]
    expect(header[at]).toBe('tags')
    expect(row[at]).toBe('color:red c2 beacon')
    expect(findingCells(finding())[at]).toBe('')
    expect(findingCells(finding({ tags: ['-1+2'] }))[at]).toBe("'-1+2")
  })

  it('neutralises hostile user names and raw lines', () => {
    const raw = 'Mar  1 12:00:00 web1 sshd[1]: Invalid user =HYPERLINK("http://x","y") from 10.0.0.9'
    const cells = findingCells(finding({ user: '=HYPERLINK("http://x","y")', raw, target_user: '<img src=x onerror=alert(1)>' }))
    expect(cells[6]).toBe(`'=HYPERLINK("http://x","y")`)
    expect(cells[7]).toBe('<img src=x onerror=alert(1)>')
    expect(cells[17]).toBe(raw)
    const note = findingCells(finding({ note: '-2+3', src_ip: '@evil', reasons: ['+x'] }))
    expect([note[16], note[8], note[14]]).toEqual(["'-2+3", "'@evil", "'+x"])
  })

  it('round-trips any strings through csv-parse to the neutralised cells, none starting with a formula character', () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.oneof(nasty, fc.double({ noNaN: true, noDefaultInfinity: true })), { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 5 }), (rows) => {
        const width = rows[0].length
        const square = rows.map((r) => Array.from({ length: width }, (_, i) => r[i] ?? ''))
        const cells = square.map((r) => r.map((c) => (typeof c === 'string' ? neutraliseCell(c) : c)))
        const back = parse(csvRecords(cells), { relax_column_count: false }) as string[][]
        expect(back).toEqual(cells.map((r) => r.map((c) => String(c))))
        for (const r of cells) for (const c of r) if (typeof c === 'string') expect(startsWithFormula(c)).toBe(false)
      }),
      { numRuns: 300, seed: 42 },
    )
  })

  it('keeps every attacker-controlled field inert and intact after a parse', () => {
    fc.assert(
      fc.property(nasty, nasty, nasty, nasty, (user, raw, host, command) => {
        const f = finding({ user, raw, host, command, target_user: user, src_ip: host })
        const [, row] = parse(findingsToCsv([f]).csv) as string[][]
        expect(row).toHaveLength(ALL_CSV_COLUMNS.length)
        for (const cell of row) expect(startsWithFormula(cell)).toBe(false)
        expect(row[6]).toBe(neutraliseCell(user))
        expect(row[17]).toBe(neutraliseCell(raw))
      }),
      { numRuns: 300, seed: 7 },
    )
  })

  it('escapes control characters but tab and newline, and neutralises LF, NBSP and fullwidth formula starts', () => {
    expect(neutraliseCell('\x1b[31mred\x1b[0m')).toBe('\\x1b[31mred\\x1b[0m')
    expect(neutraliseCell('ding\x07 nul\0 del\x7f csi\x9b cr\r')).toBe('ding\\x07 nul\\x00 del\\x7f csi\\x9b cr\\x0d')
    expect(neutraliseCell('a\tb\nc')).toBe('a\tb\nc')
    for (const start of ['\n=1+1', '\u00a0=1+1', '＝1+1', '＋1', '－1', '＠SUM(A1)', '=1', '+1', '-1', '@x', '\tx']) {
      expect(neutraliseCell(start)).toBe(`'${start}`)
    }
    // A leading CR becomes the text "\x0d": inert without a quote.
    expect(neutraliseCell('\r=1')).toBe('\\x0d=1')
    const [, row] = parse(findingsToCsv([finding({ user: '\u00a0=HYPERLINK("http://x")', raw: 'x\x1b]0;pwned\x07' })]).csv) as string[][]
    expect(row[6]).toBe(`'\u00a0=HYPERLINK("http://x")`)
    expect(row[17]).toBe('x\\x1b]0;pwned\\x07')
  })

  it('any string becomes a cell with no raw control byte and no formula start, read back exactly by csv-parse', () => {
    // eslint-disable-next-line no-control-regex -- looking for control characters is the point
    const rawControl = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/
    fc.assert(
      fc.property(fc.oneof(nasty, fc.string({ unit: 'binary' }), fc.string({ unit: fc.integer({ min: 0, max: 0xa0 }).map((c) => String.fromCharCode(c)) })), (text) => {
        const cell = neutraliseCell(text)
        expect(rawControl.test(cell)).toBe(false)
        expect(startsWithFormula(cell)).toBe(false)
        const [[back]] = parse(csvRecords([[cell]])) as string[][]
        expect(back).toBe(cell)
        // Nothing else changes: undo the escapes and the quote, get the text back.
        const unescaped = (cell.startsWith("'") && !text.startsWith("'") ? cell.slice(1) : cell).replace(/\\x([0-9a-f]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)))
        if (!text.includes('\\x')) expect(unescaped).toBe(text)
      }),
      { numRuns: 500, seed: 11 },
    )
  })

  it('streams the same bytes to a file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-csv-'))
    try {
      const many = Array.from({ length: 2500 }, (_, i) => finding({ id: i + 1, source_line: i + 1 }))
      const path = join(dir, 'anomalies.csv')
      expect(await writeCsvFile(path, many)).toBe(2500)
      expect(readFileSync(path, 'utf8')).toBe(findingsToCsv(many).csv)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
