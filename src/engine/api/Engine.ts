/**
 * The engine behind every transport: opens folders (discover → parse → store → analyze), watches
 * them, and answers the API's questions from the store. One instance per store. All work that
 * writes runs one job at a time through a queue, so a live append never interleaves with a scan.
 */
import { stat } from 'node:fs/promises'
import { dirname, isAbsolute, join, resolve } from 'node:path'
import type { AppInfo, CsvExport, EventName, EventPayloads, FindingDetail, FindingsFilter, FindingsPage } from '../../shared/api'
import type { Finding, Severity } from '../../shared/finding'
import type { Incident, IncidentKey } from '../../shared/incident'
import { SEVERITIES, severityRank } from '../../shared/finding'
import { ATTACK_NOTICE, type TechniqueInfo } from '../../shared/mitre'
import { err, ok, type Result } from '../../shared/result'
import type { ClosedRoot, FileProblem, ScanSummary, SourceFile } from '../../shared/sources'
import { findingsToCsv } from '../export/csvWriter'
import { ATTACK_VERSION, techniqueInfo } from '../mitre/catalogue'
import { Store, type StoredEvent } from '../store/Store'
import { findingsQueryOf, type FindingsQuery } from '../store/findingsQuery'
import { groupsQueryOf, type GroupsQuery } from '../store/groupsQuery'
import type { FindingsGroups, GroupColumn } from '../../shared/groups'
import type { TriageChange } from '../../shared/tags'
import { incidentsQueryOf, type IncidentsQuery } from '../store/incidentsQuery'
import { analyzeStore, ScanColumns, scoreFresh, warmLiveScoring, type TrainedState } from '../detect/scoreStore'
import { byHostGroup } from '../detect/hostParts'
import { Emitter } from './emitter'
import type { WatchOptions } from '../ingest/FolderWatcher'
import { ingestFile, type IngestDeps } from '../ingest/ingestFile'
import { FilePacer, turnOfEventLoop } from './filePacer'
import { CommitGroup } from '../ingest/CommitGroup'
import { LiveHistory } from '../detect/LiveHistory'
import { liveFindings } from './liveFindings'
import { LiveReader, type LiveHost, type LiveRoot } from '../ingest/LiveReader'
import { IdentityBook } from '../ingest/IdentityBook'
import { SOURCE_SETTINGS_FILE, SourceSettingsReader } from '../ingest/sourceSettings'
import { SigmaLibrary } from '../sigma/SigmaLibrary'
import type { SigmaRulesInfo } from '../../shared/sigma'
import type { Pipeline } from './pipeline'
import type { AnalyzeOptions } from '../detect/analyze'
import type { GeoEnricher } from '../enrich/geoip'
import type { ParseOptions } from '../parse/parseFile'
import { isInside } from '../ingest/folderBounds'
import { noLogsProblem } from './noLogs'
import { statusOfProblem } from '../ingest/problemStatus'
import { ScanCancelled, ScanRun } from './ScanRun'
import { shownStatus } from './sourceStatus'
import { buildSummary } from './summary'
import { VIGIL_VERSION } from './version'

/** Detection options; the Sigma rules as a library the engine keeps (the UI and `.vigil.json` change them). */
export type EngineAnalyzeOptions = Partial<Omit<AnalyzeOptions, 'sigma'>> & { sigma?: SigmaLibrary }

export interface EngineOptions {
  /** SQLite file, or `:memory:` (the default). */
  dbPath?: string
  /** Without `dbPath`: a temporary store file, deleted at close, instead of one in memory. */
  scratchStore?: boolean
  /** The ingest/parse/detect modules (see createEngine for the real ones). */
  pipeline: Pipeline<unknown>
  analyze?: EngineAnalyzeOptions
  parse?: ParseOptions
  /** Watch opened folders for new lines (serve, the desktop app, `vigil watch`); off for `scan`. */
  watch?: boolean | WatchOptions
  /** Where unexpected errors are logged (with their stacks, which never reach a client). */
  log?: (message: string) => void
  now?: () => number
}

/** Why an open failed: a path that does not exist, or cannot be read. */
export interface OpenError {
  code: 'not_found' | 'unreadable'
  message: string
}

type OpenRoot = LiveRoot

/** Findings are pushed in slices so one message never carries a whole 100,000-row scan. */
const PUSH_SLICE = 5_000
const CONTEXT_RADIUS = 5
/** The quick filter's index catches up with new findings once writing has paused this long... */
const TEXT_SYNC_IDLE_MS = 1_500
/** ...this many at a time, so a live batch never waits long behind it. */
const TEXT_SYNC_CHUNK = 2_000
const OPEN_ROOTS_SETTING = 'openRoots'
const SIGMA_PATHS_SETTING = 'sigmaPaths'

export class Engine {
  readonly store: Store
  private readonly findingsQuery: FindingsQuery
  private readonly groupsQuery: GroupsQuery
  private readonly incidentsQuery: IncidentsQuery
  private readonly pipeline: Pipeline<unknown>
  private readonly emitter = new Emitter()
  private readonly roots = new Map<string, OpenRoot>()
  /** Each opened root's `.vigil.json` settings, by source id (read once per folder). */
  private readonly folderSettings = new Map<number, SourceSettingsReader>()
  private identityBook: IdentityBook | null = null
  /** Loaded on the first scan; null when no GeoIP database could be loaded. */
  private geoEnricher: GeoEnricher | null | undefined = undefined
  private live: LiveReader | null = null
  private textSyncTimer: NodeJS.Timeout | null = null
  private readonly history = new LiveHistory()
  private readonly scoredListeners = new Set<(findings: Finding[]) => void>()
  private problems: FileProblem[] = []
  /** Bombs the analyst chose to read up to the cap (absolute paths). */
  private readonly cappedFiles = new Set<string>()
  private trained: TrainedState | null = null
  private durationMs = 0
  /** The scan running now (ingest.cancel stops it). */
  private scanning: ScanRun | null = null
  private queue: Promise<unknown> = Promise.resolve()
  private closed = false

  /** The Sigma rules this engine runs (`--sigma`, the folders' `.vigil.json`, the UI's settings). */
  readonly sigma: SigmaLibrary
  private sigmaUserPathsRead = false

  constructor(private readonly options: EngineOptions) {
    this.sigma = options.analyze?.sigma ?? new SigmaLibrary()
    this.store = options.dbPath === undefined && options.scratchStore ? Store.openScratch() : Store.open(options.dbPath ?? ':memory:')
    this.findingsQuery = findingsQueryOf(this.store)
    this.groupsQuery = groupsQueryOf(this.store)
    this.incidentsQuery = incidentsQueryOf(this.store)
    this.pipeline = byHostGroup(options.pipeline)
  }

  on<E extends EventName>(event: E, callback: (payload: EventPayloads[E]) => void): () => void {
    return this.emitter.on(event, callback)
  }

  /**
   * Every newly stored and scored event, whatever its severity (not part of the API, whose
   * `findings.added` carries LOW and above): `vigil watch --min-severity NONE` needs them all.
   */
  onScored(callback: (findings: Finding[]) => void): () => void {
    this.scoredListeners.add(callback)
    return () => this.scoredListeners.delete(callback)
  }

  appInfo(): AppInfo {
    return { version: VIGIL_VERSION, attackVersion: ATTACK_VERSION, attackNotice: ATTACK_NOTICE, roots: this.openRoots() }
  }

  openRoots(): string[] {
    return [...this.roots.keys()]
  }

  /**
   * Opens one folder or file: reads what the store does not hold yet, scores, and (if enabled)
   * watches it. A folder where nothing is a log says so in the summary's problems (`no_logs`).
   */
  async open(path: string): Promise<Result<ScanSummary, OpenError>> {
    const opened = await this.scan([path])
    if (!opened.ok) return opened
    const none = noLogsProblem(resolve(path), this.sources())
    if (none === null) {
      this.clearProblem(resolve(path))
      return opened
    }
    this.noteProblems([none])
    return ok(this.summary())
  }

  /**
   * Reads a file skipped as a decompression bomb up to the cap (the analyst chose to, in the
   * Sources panel), then scores as after any read.
   */
  readCapped(root: string, relPath: string): Promise<Result<ScanSummary, OpenError>> {
    const entry = this.roots.get(root)
    const absPath = entry === undefined ? null : entry.isFile ? entry.path : resolve(entry.path, relPath)
    if (entry === undefined || absPath === null || (!entry.isFile && !isInside(absPath, entry.path))) {
      return Promise.resolve(err({ code: 'not_found', message: `${relPath}: not a file of an open folder` }))
    }
    this.cappedFiles.add(absPath)
    return this.scan([root])
  }

  /**
   * Re-opens the roots a previous session had open (the desktop app with a database file): stored
   * offsets make this read only what was written since. Roots that vanished are reported, not fatal.
   */
  async restore(): Promise<FileProblem[]> {
    const saved = this.store.getSetting(OPEN_ROOTS_SETTING)
    const roots = Array.isArray(saved) ? saved.filter((r): r is string => typeof r === 'string') : []
    const problems: FileProblem[] = []
    for (const root of roots) {
      const opened = await this.open(root)
      if (!opened.ok) problems.push({ file: root, code: opened.error.code === 'not_found' ? 'not_found' : 'unreadable', message: opened.error.message })
    }
    return problems
  }

  /**
   * Closes an opened root: stops watching it, forgets it from the saved open roots, and removes its
   * files, events, scores and triage from the store. What remains is scored again (a new model):
   * the detectors' baselines (per-user and per-host history, the trained model) were learnt from
   * both roots, so the remaining events would otherwise be judged against lines no longer in the
   * case; after this their scores are those of a scan of the remaining folders alone.
   */
  closeRoot(root: string): Promise<Result<ClosedRoot, OpenError>> {
    return this.enqueue(async () => {
      const entry = this.roots.get(root)
      if (!entry) return err({ code: 'not_found' as const, message: `${root}: not an open folder` })
      await this.live?.unwatch(entry)
      this.roots.delete(root)
      this.store.setSetting(OPEN_ROOTS_SETTING, this.openRoots())
      const removed = this.store.removeSource(root)
      this.folderSettings.delete(entry.sourceId)
      await this.sigma.setFolder(root, { paths: [] })
      for (const f of this.cappedFiles) if (f === root || isInside(f, root)) this.cappedFiles.delete(f)
      this.problems = this.problems.filter((p) => !(p.file === root || isInside(p.file, root)))
      this.history.invalidate()
      if (this.store.eventCount() > 0) {
        this.trained = await analyzeStore(this.store, this.pipeline, { ...this.options.analyze, sigma: this.sigma }, this.now())
      } else {
        this.trained = null
      }
      const summary = this.summary()
      this.emitter.emit('summary.changed', summary)
      return ok({ ...removed, summary })
    })
  }

  /** Opens several paths and analyses once, after all of them are read (`vigil scan A B`). */
  scan(paths: readonly string[]): Promise<Result<ScanSummary, OpenError>> {
    return this.enqueue(() => this.runScan(paths))
  }

  summary(): ScanSummary {
    return buildSummary(this.store.stats(), {
      roots: this.openRoots(),
      problems: this.problems,
      durationMs: this.durationMs,
      backend: this.trained?.backend ?? null,
    })
  }

  sources(): SourceFile[] {
    return this.store.files().map((f) => ({
      root: f.root,
      path: f.relPath,
      format: f.format,
      status: shownStatus(f),
      lines: f.lines,
      events: f.events,
      unparsed: f.unparsed,
      offset: f.offset,
      lastEventTs: f.lastEventTs,
      message: f.message,
    }))
  }

  findings(minSeverity: Severity = 'LOW'): Finding[] {
    return this.store.findings(minSeverity)
  }

  detail(id: number): FindingDetail | undefined {
    const finding = this.store.finding(id)
    if (!finding) return undefined
    const techniques = finding.mitre_techniques.map(techniqueInfo).filter((t): t is TechniqueInfo => t !== undefined)
    const sigmaRules = finding.sigma_rules?.length ? this.sigma.refs(finding.sigma_rules) : []
    return { finding, techniques, context: this.store.context(id, CONTEXT_RADIUS), ...(sigmaRules.length > 0 && { sigmaRules }) }
  }

  /** Sets a finding's triage state and tells every connected UI. Undefined for an unknown id. */
  triage(id: number, change: TriageChange): Finding | undefined {
    const finding = this.store.setTriage(id, change, this.now())
    if (finding) this.emitter.emit('findings.updated', { findings: [finding] })
    return finding
  }

  /** The findings `filter` selects, grouped into incidents. */
  incidents(filter: FindingsFilter): Incident[] {
    return this.incidentsQuery.list(filter)
  }

  /** Triages every line of an incident; tells every connected UI. Returns how many lines changed. */
  triageIncident(key: IncidentKey, change: TriageChange): number {
    const ids = this.incidentsQuery.ids(key)
    const n = this.store.setTriageMany(ids, change, this.now())
    // A few thousand rows go out as updates in place; more, and the grids simply reload.
    if (ids.length <= PUSH_SLICE) this.emitter.emit('findings.updated', { findings: this.store.findingsByIds(ids) })
    else this.emitter.emit('summary.changed', this.summary())
    return n
  }

  exportCsv(ids: readonly number[]): CsvExport {
    const { csv, rows } = findingsToCsv(this.store.findingsByIds(ids))
    return { filename: 'anomalies.csv', csv, rows }
  }

  /** One page of the grid: sorted, filtered and counted in SQL. */
  queryFindings(filter: FindingsFilter, startRow: number, endRow: number): FindingsPage {
    return this.findingsQuery.page(filter, startRow, endRow)
  }

  /** The findings `filter` selects, counted per value of `column`. */
  groups(filter: FindingsFilter, column: GroupColumn, limit?: number): FindingsGroups {
    return this.groupsQuery.groups(filter, column, limit)
  }

  /** Whether finding `id` is among those `filter` selects. */
  filterContains(filter: FindingsFilter, id: number): boolean {
    return this.findingsQuery.contains(filter, id)
  }

  /** Triages the given findings at once; tells every connected UI. Returns how many exist. */
  triageMany(ids: readonly number[], change: TriageChange): number {
    const n = this.store.setTriageMany(ids, change, this.now())
    if (ids.length <= PUSH_SLICE) this.emitter.emit('findings.updated', { findings: this.store.findingsByIds(ids) })
    else this.emitter.emit('summary.changed', this.summary())
    return n
  }

  /** Every finding the grid's sort and filters select, as anomalies.csv. */
  exportQuery(filter: FindingsFilter): CsvExport {
    const { csv, rows } = findingsToCsv(this.findingsQuery.iterate(filter))
    return { filename: 'anomalies.csv', csv, rows }
  }

  /**
   * Runs `job` alone on the engine's queue: no scan, live batch or quick-filter indexing touches the
   * store until it settles. For reads that span event-loop turns (a CSV export streaming a
   * statement to disk): SQLite refuses any other statement on a connection while one iterates.
   */
  exclusive<T>(job: () => Promise<T>): Promise<T> {
    return this.enqueue(job)
  }

  /** Resolves when every queued job (scans, live reads) has finished. */
  async idle(): Promise<void> {
    let seen: Promise<unknown>
    do {
      seen = this.queue
      await seen.catch(() => undefined)
    } while (seen !== this.queue)
  }

  async close(): Promise<void> {
    if (this.closed) return
    this.closed = true
    this.live?.close()
    if (this.textSyncTimer) clearTimeout(this.textSyncTimer)
    await Promise.all([...this.roots.values()].map((r) => r.watcher?.close()))
    await this.idle()
    this.store.close()
  }

  private now(): number {
    return this.options.now?.() ?? Date.now()
  }

  private log(message: string): void {
    ;(this.options.log ?? ((m: string) => process.stderr.write(`${m}\n`)))(message)
  }

  private enqueue<T>(job: () => Promise<T>): Promise<T> {
    const run = this.queue.then(job, job)
    this.queue = run.catch(() => undefined)
    return run
  }

  private ingestDeps(watching: boolean): IngestDeps {
    this.identityBook ??= new IdentityBook(this.store)
    return {
      sourceSettings: (sourceId, absPath) => this.folderSettings.get(sourceId)?.forFile(absPath) ?? Promise.resolve({}),
      store: this.store,
      pipeline: this.pipeline,
      parseOptions: { ...this.options.parse, capFiles: this.cappedFiles },
      status: watching ? 'watching' : 'scanned',
      identities: this.identityBook,
      holdPartial: watching,
      enrich: this.geoEnricher ?? undefined,
    }
  }

  /** A `.vigil.json` that is invalid is listed with the files, so the analyst sees why it was not applied. */
  private noteSettingsProblems(sourceId: number): void {
    const problems = this.folderSettings.get(sourceId)?.takeProblems() ?? []
    this.noteProblems(problems)
    for (const p of problems) this.store.markFileProblem(sourceId, p.file, 'skipped', p.message)
  }

  /**
   * Stops the running scan cleanly (see ScanRun): what it stored stays and is scored at the next
   * open. False when no scan runs.
   */
  cancelScan(): boolean {
    if (!this.scanning || this.scanning.cancelled) return false
    this.scanning.cancelled = true
    return true
  }

  private async runScan(paths: readonly string[]): Promise<Result<ScanSummary, OpenError>> {
    const run = new ScanRun()
    this.scanning = run
    try {
      return await this.scanAs(run, paths)
    } finally {
      this.scanning = null
    }
  }

  private async scanAs(run: ScanRun, paths: readonly string[]): Promise<Result<ScanSummary, OpenError>> {
    this.history.invalidate()
    const t0 = performance.now()
    const targets: { path: string; isFile: boolean }[] = []
    for (const p of paths) {
      const abs = resolve(p)
      try {
        targets.push({ path: abs, isFile: (await stat(abs)).isFile() })
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code
        if (code === 'ENOENT' || code === 'ENOTDIR') return err({ code: 'not_found', message: `${p}: no such file or folder` })
        return err({ code: 'unreadable', message: `${p}: cannot be read (${code ?? 'error'})` })
      }
    }
    if (this.geoEnricher === undefined) this.geoEnricher = (await this.pipeline.loadGeoEnricher?.()) ?? null
    // A running count: COUNT(*) over millions of events per progress message would cost more than the read.
    const storedBefore = this.store.eventCount()
    const inserted: number[] = []
    let bytesDone = 0
    let bytesTotal = 0
    const progress = (phase: EventPayloads['ingest.progress']['phase'], filesDone: number, filesTotal: number): void =>
      this.emitter.emit('ingest.progress', { phase, filesDone, filesTotal, events: storedBefore + inserted.length, bytesDone, bytesTotal })

    progress('discover', 0, 0)
    const found = []
    for (const t of targets) {
      const sourceId = this.store.addSource(t.path, this.now())
      // A file opened on its own takes the settings of the folder it is in.
      const settings = new SourceSettingsReader(t.isFile ? dirname(t.path) : t.path)
      this.folderSettings.set(sourceId, settings)
      await this.useFolderSigma(t, settings)
      const { files, problems } = await this.pipeline.discoverFiles(t.path)
      this.noteProblems(problems)
      for (const p of problems) {
        if (!isAbsolute(p.file)) this.store.markFileProblem(sourceId, p.file, statusOfProblem(p.code), p.message)
      }
      found.push({ ...t, sourceId, files })
    }
    const total = found.reduce((n, r) => n + r.files.length, 0)
    for (const root of found) for (const file of root.files) bytesTotal += file.size
    // Small files commit in groups (one transaction per file cost 100,000 tiny files a third of their scan).
    const group = new CommitGroup(this.store)
    const deps = { ...this.ingestDeps(this.watchOptions() !== null), group }
    let done = 0
    const pacer = new FilePacer()
    // A first scan into an empty store loads in bulk: indexes are built once at the end, and the
    // analysis takes the stored events' columns from memory instead of reading them back.
    const columns = new ScanColumns(this.sigma.current)
    const scan = storedBefore === 0 && this.store.beginBulkLoad(columns.observe) ? columns : null
    try {
      for (const root of found) {
        for (const file of root.files) {
          if (run.cancelled) break
          group.enter()
          const res = await ingestFile(deps, root.sourceId, file)
          group.stored(res.inserted.length)
          if (res.problem) this.noteProblems([res.problem])
          else this.clearProblem(file.relPath)
          // A loop, not push(...ids): spreading a file's 100,000s of ids overflows the call stack.
          for (const id of res.inserted) inserted.push(id)
          bytesDone += file.size
          if (pacer.due(++done, total)) {
            progress('parse', done, total)
            await turnOfEventLoop()
          }
        }
        this.noteSettingsProblems(root.sourceId)
      }
      group.commit()
      // A one-off scan looks no address up once its files are stored: the GeoIP database (~150 MB)
      // need not sit beside the analysis (a later scan of this engine loads it again).
      if (this.isOneOff() && this.watchOptions() === null && this.geoEnricher) {
        this.pipeline.releaseGeo?.()
        this.geoEnricher = undefined
      }
      if (run.cancelled) {
        // Stored, not scored: the next open scores it all.
      } else if (inserted.length > 0 || this.store.unscoredCount() > 0) {
        progress('detect', done, total)
        const options = this.analyzeOptions(done, total, storedBefore + inserted.length, run)
        this.trained = await analyzeStore(this.store, this.pipeline, options, this.now(), scan)
        progress('store', done, total)
      } else {
        this.loadModel()
      }
    } catch (e) {
      group.close()
      if (!(e instanceof ScanCancelled)) throw e
    } finally {
      // A one-off scan (`vigil scan` without --db) exports and exits: its indexes would cost
      // seconds and serve no query, so they are built only if the store is used on.
      this.store.finishBulkLoad(this.watchOptions() !== null || !this.isOneOff())
    }
    if (!run.cancelled) {
      this.pushFindings(inserted)
      // A cancelled open is not open: its folders are neither listed nor watched.
      for (const root of found) await this.register(root)
    }
    this.durationMs = performance.now() - t0
    // Only an engine that goes on serving (watching) needs the quick filter's index; in `vigil
    // scan` an idle-time sync would run inside the export's read of the store and fail there.
    if (this.watchOptions() !== null) this.scheduleTextSync()
    if (this.watchOptions() !== null && !run.cancelled) this.warmLiveScoring()
    const summary = this.summary()
    this.emitter.emit('summary.changed', summary)
    progress('done', done, total)
    return ok(summary)
  }

  /** A store that ends with this engine (in memory, or a scratch file). */
  private isOneOff(): boolean {
    return this.store.scratchFile !== null || (this.options.dbPath ?? ':memory:') === ':memory:'
  }

  private analyzeOptions(filesDone: number, filesTotal: number, events: number, run: ScanRun): Partial<AnalyzeOptions> {
    return {
      ...this.options.analyze,
      sigma: this.sigma,
      onProgress: (step) => {
        run.checkpoint(step)
        this.emitter.emit('ingest.progress', { phase: 'detect', filesDone, filesTotal, events, step })
      },
    }
  }

  private loadModel(): void {
    if (this.trained) return
    const latest = this.store.latestModel()
    // A model from an older Vigil (another feature schema) cannot score: the next read retrains.
    if (latest && this.pipeline.isUsableModel(latest.model)) {
      const backend = (latest.model as { backend?: unknown }).backend
      this.trained = { model: latest.model, modelId: latest.id, backend: typeof backend === 'string' ? backend : null }
    }
  }

  private watchOptions(): WatchOptions | null {
    const w = this.options.watch
    return w === undefined || w === false ? null : w === true ? {} : w
  }

  private async register(root: { path: string; sourceId: number; isFile: boolean }): Promise<void> {
    if (this.roots.has(root.path)) return
    const entry: OpenRoot = { ...root, watcher: null }
    this.roots.set(root.path, entry)
    this.store.setSetting(OPEN_ROOTS_SETTING, this.openRoots())
    const options = this.watchOptions()
    if (!options || this.closed) return
    this.live ??= new LiveReader(this.liveHost(), options)
    await this.live.watch(entry)
  }

  private liveHost(): LiveHost {
    return {
      store: this.store,
      pipeline: this.pipeline,
      enqueue: (job) => this.enqueue(job),
      isClosed: () => this.closed,
      ingestDeps: () => this.ingestDeps(true),
      noteProblems: (problems) => this.noteProblems(problems),
      clearProblems: (files) => {
        const before = this.problems.length
        for (const f of files) this.clearProblem(f)
        return this.problems.length !== before
      },
      scoreStored: (ids, stored) => this.scoreLive(ids, stored),
      summaryChanged: () => {
        // Building a summary scans the store: not for no one.
        if (this.emitter.has('summary.changed')) this.emitter.emit('summary.changed', this.summary())
      },
      log: (m) => this.log(m),
    }
  }

  /** Readies live scoring in the queue, after the scan, so the first appended line is not the one to pay for it. */
  private warmLiveScoring(): void {
    void this.enqueue(async () => {
      this.loadModel()
      if (this.closed || !this.trained) return
      await warmLiveScoring(this.store, this.pipeline, this.trained, this.history, this.sigma.current)
    }).catch((e: unknown) => this.log(`vigil: readying live scoring failed: ${(e as Error).stack ?? String(e)}`))
  }

  /** Scores what a live read stored (with the stored model; trains one if there is none yet) and pushes it. */
  private async scoreLive(inserted: readonly number[], stored: StoredEvent[]): Promise<void> {
    this.scheduleTextSync()
    const fresh = stored.length === inserted.length ? stored.sort((x, y) => x.event.ts - y.event.ts || x.id - y.id) : this.store.eventsByIds(inserted)
    this.loadModel()
    if (this.trained) {
      const scores = await scoreFresh(this.store, this.pipeline, this.trained, fresh, this.history, this.sigma.current)
      if (!this.wantsFindings()) return
      // The events and their scores are in hand: no need to read back what was just written.
      const triage = this.store.triageOfKeys(fresh.map((f) => f.key))
      this.pushFindingList(liveFindings(fresh, scores, ATTACK_VERSION, triage))
    } else {
      this.trained = await analyzeStore(this.store, this.pipeline, { ...this.options.analyze, sigma: this.sigma }, this.now())
      this.history.invalidate()
      this.pushFindings(inserted)
    }
  }

  /**
   * Indexes the text of new findings for the quick filter once scans and live batches pause (a
   * flood of appended lines is stored and scored first; a search made meanwhile indexes what it
   * needs), then counts the group panel's totals a scan left to the first ask (store/groupTotals.ts)
   * and refills the pivot totals (store/pivots.ts).
   */
  private scheduleTextSync(delayMs = TEXT_SYNC_IDLE_MS): void {
    if (this.closed) return
    if (this.textSyncTimer) clearTimeout(this.textSyncTimer)
    this.textSyncTimer = setTimeout(() => {
      this.textSyncTimer = null
      void this.enqueue(async () => {
        if (this.closed) return
        // Lines are arriving: they come first; the index waits for a pause.
        if (this.live?.busy()) return this.scheduleTextSync()
        if (this.store.syncFindingsText(TEXT_SYNC_CHUNK) === TEXT_SYNC_CHUNK) this.scheduleTextSync(0)
        // Then the group panel's totals, a column at a time (at 10 M events one takes 1–6 CPU s),
        // then the pivot totals, so the first pivot after a scan does not wait for their refill.
        else if (this.store.fillGroupTotals()) this.scheduleTextSync(0)
        else this.store.ensurePivots()
      }).catch((e: unknown) => this.log(`vigil: indexing findings for the quick filter failed: ${(e as Error).stack ?? String(e)}`))
    }, delayMs)
    this.textSyncTimer.unref()
  }

  private wantsFindings(): boolean {
    return this.scoredListeners.size > 0 || this.emitter.has('findings.added')
  }

  private pushFindings(ids: readonly number[]): void {
    if (ids.length === 0 || !this.wantsFindings()) return
    // Only `vigil watch` needs the rows; the API's signal is counted in SQL.
    if (this.scoredListeners.size > 0) this.pushFindingList(this.store.findingsByIds(ids))
    else this.signalFindings(this.store.findingsAmong(ids))
  }

  private pushFindingList(all: Finding[]): void {
    all.sort((a, b) => a.ts - b.ts || a.id - b.id)
    for (const listener of this.scoredListeners) listener(all)
    let count = 0
    let highestRank = 0
    for (const f of all) {
      const rank = severityRank(f.severity)
      if (rank < 1) continue
      count++
      highestRank = Math.max(highestRank, rank)
    }
    this.signalFindings({ count, highestRank })
  }

  private signalFindings({ count, highestRank }: { count: number; highestRank: number }): void {
    const highestSeverity = SEVERITIES[highestRank]
    if (count > 0 && highestSeverity !== 'NONE') this.emitter.emit('findings.added', { count, highestSeverity })
  }

  /** Records problems, replacing older ones about the same files. */
  /**
   * The Sigma rules named by an opened folder's own `.vigil.json` (and, on the first scan, the
   * paths set in the UI in an earlier session); a path that cannot be read is a problem of that file.
   */
  private async useFolderSigma(t: { path: string; isFile: boolean }, settings: SourceSettingsReader): Promise<void> {
    if (!this.sigmaUserPathsRead) {
      this.sigmaUserPathsRead = true
      const saved = this.store.getSetting(SIGMA_PATHS_SETTING)
      if (Array.isArray(saved) && saved.length > 0) await this.sigma.setUserPaths(saved.filter((p): p is string => typeof p === 'string'))
    }
    const own = await settings.forFile(t.isFile ? t.path : join(t.path, SOURCE_SETTINGS_FILE))
    await this.sigma.setFolder(t.path, { paths: own.sigma ?? [], ...(own.sigmaFieldMap && { fieldMap: own.sigmaFieldMap }) })
    this.noteProblems(this.sigma.problems.map((message, i) => ({ file: `${SOURCE_SETTINGS_FILE}#sigma-${i}`, code: 'io_error' as const, message })))
  }

  /**
   * Replaces the Sigma rule paths set in the UI (kept in the store) and reloads the rules; the
   * open folders are scored again with them when the engine is idle.
   */
  setSigmaPaths(paths: readonly string[]): Promise<SigmaRulesInfo> {
    return this.enqueue(async () => {
      this.sigmaUserPathsRead = true
      this.store.setSetting(SIGMA_PATHS_SETTING, [...paths])
      await this.sigma.setUserPaths(paths)
      if (this.store.eventCount() > 0) {
        this.trained = await analyzeStore(this.store, this.pipeline, { ...this.options.analyze, sigma: this.sigma }, this.now())
        this.history.invalidate()
        this.emitter.emit('summary.changed', this.summary())
      }
      return this.sigma.info()
    })
  }

  private noteProblems(problems: readonly FileProblem[]): void {
    const replaced = new Set(problems.map((p) => p.file))
    this.problems = [...this.problems.filter((p) => !replaced.has(p.file)), ...problems]
  }

  private clearProblem(file: string): void {
    this.problems = this.problems.filter((p) => p.file !== file)
  }
}

