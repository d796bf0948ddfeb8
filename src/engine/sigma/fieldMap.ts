/**
 * Sigma field names → the normalized event (src/shared/event.ts). Rules are written against the
 * field names of their source (Sysmon's `Image`, Windows' `TargetUserName`, ECS's `user.name`,
 * auditd's `pam_rhost`...); the normalized event is where Vigil's parsers put the same facts. A
 * name without a mapping (or whose normalized field is empty) is read from the raw JSON record.
 */
import type { NormalizedEvent } from '../../shared/event'

/** Normalized fields a Sigma field can map to. */
export const MAPPABLE_FIELDS = [
  'host',
  'program',
  'pid',
  'event',
  'outcome',
  'user',
  'target_user',
  'src_ip',
  'src_port',
  'auth_method',
  'command',
  'bytes',
  'country',
  'raw',
  'source_file',
  'key_type',
  'key_fingerprint',
] as const satisfies readonly (keyof NormalizedEvent)[]
export type MappableField = (typeof MAPPABLE_FIELDS)[number]

/** Sigma field name → normalized field; names are compared case-insensitively. */
export type SigmaFieldMap = Readonly<Record<string, MappableField>>

const DEFAULT_NAMES: Readonly<Record<MappableField, readonly string[]>> = {
  host: ['host', 'hostname', 'host.name', 'host.hostname', 'Computer', 'ComputerName', 'Workstation', 'WorkstationName', 'dvc_host'],
  program: ['program', 'deviceProcessName', 'process.name', 'Image', 'ProcessName', 'syslog_identifier', 'SYSLOG_IDENTIFIER', 'app', 'appname', 'comm', 'exe'],
  pid: ['pid', 'process.pid', 'ProcessId', '_PID', 'syslog_pid'],
  event: ['event', 'vigil_event'],
  outcome: ['outcome', 'event.outcome'],
  user: ['user', 'user_name', 'username', 'User', 'UserName', 'TargetUserName', 'SubjectUserName', 'pam_user', 'user.name', 'acct', 'AccountName', 'src_user'],
  target_user: ['target_user', 'TargetUser', 'target.user.name', 'user.target.name', 'dst_user'],
  src_ip: ['src_ip', 'client_ip', 'SourceIp', 'SourceAddress', 'IpAddress', 'pam_rhost', 'rhost', 'source.ip', 'client.ip', 'src', 'addr', 'remote_ip', 'ClientIP'],
  src_port: ['src_port', 'SourcePort', 'IpPort', 'source.port', 'client.port'],
  auth_method: ['auth_method', 'AuthenticationPackageName', 'LogonType'],
  command: ['command', 'CommandLine', 'process.command_line', 'cmdline', 'proctitle', 'cmd'],
  bytes: ['bytes', 'network.bytes', 'source.bytes'],
  country: ['country', 'source.geo.country_iso_code', 'geo.country_iso_code'],
  raw: ['raw', 'message', 'Message', 'msg', 'event.original', 'MESSAGE'],
  source_file: ['source_file', 'log.file.path'],
  key_type: ['key_type'],
  key_fingerprint: ['key_fingerprint'],
}

function build(entries: Iterable<readonly [string, MappableField]>): Map<string, MappableField> {
  const m = new Map<string, MappableField>()
  for (const [name, field] of entries) m.set(name.toLowerCase(), field)
  return m
}

/** The default mapping, lowercased names. */
export const DEFAULT_FIELD_MAP: ReadonlyMap<string, MappableField> = build(
  (Object.entries(DEFAULT_NAMES) as [MappableField, readonly string[]][]).flatMap(([field, names]) => names.map((n) => [n, field] as const)),
)

/** The default mapping extended (and overridden) by a folder's `sigmaFieldMap`. */
export function fieldMapWith(extra: SigmaFieldMap | undefined): ReadonlyMap<string, MappableField> {
  if (!extra || Object.keys(extra).length === 0) return DEFAULT_FIELD_MAP
  return build([...DEFAULT_FIELD_MAP, ...Object.entries(extra)])
}

export function isMappableField(name: string): name is MappableField {
  return (MAPPABLE_FIELDS as readonly string[]).includes(name)
}
