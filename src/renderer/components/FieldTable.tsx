/** Every normalized field of the event, as text. */
import type { Finding } from '../../shared/finding'
import { formatIsoUtc, formatTime } from '../lib/format'

type Row = [label: string, value: string]

function rows(f: Finding): Row[] {
  const v = (x: string | number | null): string => (x === null ? '' : String(x))
  return [
    ['Time', formatTime(f.ts)],
    ['Time (ISO 8601)', formatIsoUtc(f.ts)],
    ['Host', f.host],
    ['Source file', `${f.source_file}:${f.source_line}`],
    ['Program', f.pid === null ? v(f.program) : `${v(f.program)}[${f.pid}]`],
    ['Event', f.event],
    ['Outcome', f.outcome],
    ['User', v(f.user)],
    ['Target user', v(f.target_user)],
    ['Source IP', f.src_port === null ? v(f.src_ip) : `${v(f.src_ip)} port ${f.src_port}`],
    ['Auth method', v(f.auth_method)],
    // sshd's own form, `ED25519 SHA256:...`: what an analyst greps authorized_keys / logs for.
    ['SSH key', `${f.key_type ?? ''} ${f.key_fingerprint ?? ''}`.trim()],
    ['Command', v(f.command)],
    ['Bytes', v(f.bytes)],
    ['Country', v(f.country)],
    ['Occurrences', String(f.count)],
    ['Threat', f.threat_type],
    ['Tactics', f.mitre_tactics.join(', ')],
    ['Finding id', String(f.id)],
  ]
}

export function FieldTable({ finding }: { finding: Finding }) {
  return (
    <table className="fields">
      <tbody>
        {rows(finding)
          .filter(([, value]) => value !== '')
          .map(([label, value]) => (
            <tr key={label}>
              <th scope="row">{label}</th>
              <td>{value}</td>
            </tr>
          ))}
      </tbody>
    </table>
  )
}
