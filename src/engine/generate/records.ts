/**
 * JSON records of the two non-syslog sources. The portal (a web application's audit log, JSON
 * lines) uses flat fields; the cloud audit (JSON documents `{"events": [...]}`, one per day) uses
 * ECS nesting. Both carry geo on logins and byte counts on transfers.
 */
export interface Geo {
  country: string
  lat: number
  lon: number
}

function iso(ts: number): string {
  return new Date(Math.floor(ts)).toISOString()
}

/** Browsers people use; each person keeps one (`USER_AGENTS[user.index % 3]`). */
export const USER_AGENTS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/134.0 Safari/537.36',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15',
  'Mozilla/5.0 (X11; Linux x86_64; rv:124.0) Gecko/20100101 Firefox/124.0',
]

export function portalLogin(ts: number, user: string, ip: string, success: boolean, geo: Geo, ua: string): object {
  return {
    timestamp: iso(ts),
    event_type: 'login',
    user,
    src_ip: ip,
    outcome: success ? 'success' : 'failure',
    country: geo.country,
    lat: geo.lat,
    lon: geo.lon,
    app: 'portal',
    user_agent: ua,
  }
}

export function portalLogout(ts: number, user: string, ip: string): object {
  return { timestamp: iso(ts), event_type: 'logout', user, src_ip: ip, outcome: 'success', app: 'portal' }
}

export function portalFileAccess(ts: number, user: string, ip: string, operation: string, resource: string, bytes: number): object {
  return { timestamp: iso(ts), event_type: 'file_access', user, src_ip: ip, outcome: 'success', operation, resource, bytes: Math.round(bytes), app: 'portal' }
}

export function portalApiCall(ts: number, user: string, ip: string, method: string, endpoint: string, httpStatus: number, bytesOut: number): object {
  return {
    timestamp: iso(ts),
    event_type: 'api_call',
    user,
    src_ip: ip,
    outcome: httpStatus < 400 ? 'success' : 'failure',
    http_method: method,
    endpoint,
    http_status: httpStatus,
    bytes_out: Math.round(bytesOut),
    app: 'portal',
  }
}

const CLOUD_ACCOUNT = '482913057716'

export function cloudLogin(ts: number, user: string, ip: string, success: boolean, geo: Geo, region: string, ua: string): object {
  return {
    '@timestamp': iso(ts),
    event: { category: 'authentication', type: 'login', action: 'ConsoleLogin', outcome: success ? 'success' : 'failure' },
    user: { name: user },
    source: { ip, geo: { country_iso_code: geo.country, location: { lat: geo.lat, lon: geo.lon } } },
    cloud: { provider: 'aws', region, account: { id: CLOUD_ACCOUNT } },
    user_agent: { original: ua },
  }
}

/** An API call; `bytes` for object transfers, null otherwise. */
export function cloudApiCall(ts: number, user: string, ip: string, action: string, resource: string, bytes: number | null, region: string): object {
  const record: Record<string, unknown> = {
    '@timestamp': iso(ts),
    event: { category: 'api', type: 'api_call', action, outcome: 'success' },
    user: { name: user },
    source: bytes === null ? { ip } : { ip, bytes: Math.round(bytes) },
    cloud: { provider: 'aws', region, account: { id: CLOUD_ACCOUNT } },
    resource,
  }
  return record
}

export const SHARED_FILES = [
  '/shares/finance/2026-budget.xlsx', '/shares/finance/q1-forecast.xlsx', '/shares/hr/handbook.pdf',
  '/shares/sales/pipeline.csv', '/shares/sales/customers.xlsx', '/shares/eng/architecture.pdf',
  '/shares/eng/runbook.md', '/shares/legal/contracts/msa-template.docx', '/shares/marketing/brand-kit.zip',
  '/shares/ops/oncall-rota.xlsx', '/shares/eng/release-notes.md', '/shares/finance/invoices-2026-02.zip',
  '/shares/hr/payroll-2026-02.csv', '/shares/sales/price-list.pdf', '/shares/eng/db-schema.sql',
]

export const API_ENDPOINTS = [
  ['GET', '/api/v2/reports'], ['GET', '/api/v2/projects'], ['POST', '/api/v2/tickets'], ['GET', '/api/v2/users/me'],
  ['GET', '/api/v2/search'], ['PUT', '/api/v2/tickets/update'], ['GET', '/api/v2/dashboards'],
] as const

export const CLOUD_READ_ACTIONS = ['ListBuckets', 'DescribeInstances', 'GetCallerIdentity', 'ListObjectsV2', 'DescribeSecurityGroups', 'GetMetricData']

export const BUCKETS = ['s3://acme-prod-data', 's3://acme-analytics', 's3://acme-artifacts', 's3://acme-backups']
