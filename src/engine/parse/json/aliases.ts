/**
 * Field aliases, lower-case, in priority order (issue 2 and 3, plus the common shapes of ECS,
 * CloudTrail, Okta/Azure sign-in exports and web/firewall logs).
 */
export const ALIASES = {
  ts: ['@timestamp', 'timestamp', 'time', 'datetime', 'date', 'eventtime', 'event.created', 'ts', 'timegenerated', 'created_at', 'published', 'createddatetime', 'logtime', 'event_time', '_time', 'event.start', 'occurred_at', 'start_time'],
  user: ['user.name', 'username', 'user_name', 'user', 'uid', 'account', 'identity', 'useridentity.username', 'useridentity.principalid', 'actor.alternateid', 'userprincipalname', 'principal', 'login', 'src_user', 'subjectusername'],
  targetUser: ['target_user', 'targetuser', 'target.user.name', 'user.target.name', 'target_username', 'dst_user', 'targetusername', 'requestparameters.username'],
  srcIp: ['source.ip', 'source_ip', 'src_ip', 'srcip', 'ip', 'client_ip', 'clientip', 'client.ip', 'remote_addr', 'remote_ip', 'remoteaddr', 'sourceipaddress', 'ipaddress', 'ip_address', 'client.ipaddress', 'src', 'source_address', 'ipaddr'],
  srcPort: ['source.port', 'src_port', 'source_port', 'client.port', 'srcport', 'sport'],
  /** What happened, most specific first (an action name before a type name). */
  type: ['event.action', 'eventname', 'event_name', 'event_type', 'eventtype', 'type', 'event', 'operationname', 'activity', 'eventid', 'event_id', 'event.code'],
  /** The domain of the record (ECS `event.category`: authentication, iam, file, network, api...). */
  typeCategory: ['event.category', 'category'],
  /** ECS `event.type` (start, end, creation, access...): read together with the category. */
  typeDetail: ['event.type'],
  outcome: ['event.outcome', 'outcome', 'result', 'status', 'success', 'succeeded', 'successful', 'responseelements.consolelogin', 'status.errorcode', 'resulttype', 'login_status', 'auth_result', 'action'],
  message: ['message', 'msg', 'description', 'text', 'log', 'event.original', 'details'],
  host: ['host.name', 'hostname', 'host', 'host.hostname', '_hostname', 'computer', 'computername', 'server', 'device', 'agent.hostname', 'observer.hostname', 'recipientaccountid'],
  program: ['process.name', 'syslog.identifier', 'journald.process.name', 'program', 'app', 'appname', 'application', 'syslog_identifier', 'service', 'service.name', 'ident', 'tag', 'eventsource'],
  pid: ['process.pid', 'syslog.pid', 'journald.pid', 'pid', '_pid', 'syslog_pid', 'procid'],
  command: ['process.command_line', 'command', 'cmd', 'commandline', 'command_line', 'process.args'],
  authMethod: ['auth_method', 'authmethod', 'method', 'authentication_method', 'authenticationmethod', 'logon_type', 'logontype'],
  /** SSH key of a public-key login (sshd's `RSA SHA256:...` as separate fields). */
  keyType: ['key_type', 'keytype', 'ssh.key_type', 'ssh_key_type', 'public_key_type'],
  keyFingerprint: ['key_fingerprint', 'keyfingerprint', 'ssh.key_fingerprint', 'ssh_key_fingerprint', 'public_key_fingerprint', 'fingerprint'],
  bytes: ['bytes', 'bytes_transferred', 'bytes_out', 'bytes_sent', 'source.bytes', 'network.bytes', 'destination.bytes', 'bytes_in', 'bytes_received', 'sc-bytes', 'http.response.body.bytes', 'size_bytes'],
  country: ['country', 'country_code', 'countrycode', 'geo.country_iso_code', 'geo.country_name', 'geo.country', 'source.geo.country_iso_code', 'source.geo.country_name', 'client.geo.country_iso_code', 'geoip.country_code2', 'geoip.country_name', 'location.country', 'location.countryorregion'],
  lat: ['lat', 'latitude', 'geo.lat', 'geo.latitude', 'geo.location.lat', 'source.geo.location.lat', 'client.geo.location.lat', 'geoip.latitude', 'geoip.location.lat', 'location.lat', 'location.geocoordinates.latitude'],
  lon: ['lon', 'lng', 'longitude', 'geo.lon', 'geo.lng', 'geo.longitude', 'geo.location.lon', 'source.geo.location.lon', 'client.geo.location.lon', 'geoip.longitude', 'geoip.location.lon', 'location.lon', 'location.geocoordinates.longitude'],
  errorCode: ['errorcode', 'error_code', 'error', 'failurereason'],
  action: ['action'],
  httpish: ['http.request.method', 'method', 'url', 'uri', 'path', 'request', 'status_code', 'http.response.status_code', 'eventsource'],
} as const satisfies Record<string, readonly string[]>

/** Every alias of every field, for "does this CSV header look like log columns?". */
export const ALL_ALIAS_NAMES: ReadonlySet<string> = new Set(Object.values(ALIASES).flat().map((a) => a.replace(/^.*\./, '')))

/** Names of time fields (a CSV without one of these columns is not a log). */
export const TIME_FIELD_NAMES: ReadonlySet<string> = new Set(ALIASES.ts)
