/**
 * Attacks seen in the portal and cloud records: impossible travel (a login from a far country
 * minutes after one at home) and data exfiltration (bulk downloads far above the user's volume,
 * at night).
 */
import { FAR_COUNTRIES, jitteredPoint } from '../geo'
import { cloudApiCall, cloudLogin, portalApiCall, portalFileAccess, portalLogin, SHARED_FILES } from '../records'
import { chance, intBetween, logNormal, pick } from '../sampling'
import { userAgentOf, webOrigin } from '../userActivity'
import { type AttackContext, HOUR, MINUTE, attackerIp, nightStart, sized, workStart } from './context'

/** A normal login at home or the office, then minutes later a login from the other side of the world. */
export function impossibleTravel(ctx: AttackContext): void {
  const { world, em, rng, label } = ctx
  const inCloud = ctx.index % 2 === 1
  const pool = world.users.filter((u) => (inCloud ? u.usesCloud : u.kind === 'staff'))
  const user = pool.length > 0 ? pool[(ctx.index * 7) % pool.length] : world.users[0]
  const start = workStart(ctx, user, 2 * HOUR)
  const home = webOrigin(world, rng, user, start)
  const far = attackerIp(ctx, pick(rng, FAR_COUNTRIES))
  const farGeo = { country: far.country.code, ...jitteredPoint(rng, far.country) }
  const ua = userAgentOf(user)
  const t2 = start + 5 * MINUTE + rng.next() * 35 * MINUTE
  const actions = intBetween(rng, 2, 6)
  if (inCloud) {
    em.cloud(start, cloudLogin(start, user.name, home.ip, true, home.geo, 'eu-central-1', ua))
    em.cloud(t2, cloudLogin(t2, user.name, far.ip, true, farGeo, 'eu-central-1', ua), label)
    let t = t2
    for (let i = 0; i < actions; i++) {
      t += 20_000 + rng.next() * 90_000
      const bytes = chance(rng, 0.5) ? logNormal(rng, user.bytesMedian * 2, 0.8) : null
      em.cloud(t, cloudApiCall(t, user.name, far.ip, bytes === null ? pick(rng, ['ListBuckets', 'ListObjectsV2', 'GetCallerIdentity']) : 'GetObject', 's3://acme-prod-data/exports', bytes, 'eu-central-1'), label)
    }
    return
  }
  em.portal(start, portalLogin(start, user.name, home.ip, true, home.geo, ua))
  em.portal(start + 60_000 + rng.next() * 60_000, portalFileAccess(start + 90_000, user.name, home.ip, 'view', pick(rng, SHARED_FILES), logNormal(rng, user.bytesMedian / 20, 0.5)))
  em.portal(t2, portalLogin(t2, user.name, far.ip, true, farGeo, ua), label)
  let t = t2
  for (let i = 0; i < actions; i++) {
    t += 20_000 + rng.next() * 90_000
    if (chance(rng, 0.6)) em.portal(t, portalFileAccess(t, user.name, far.ip, 'download', pick(rng, SHARED_FILES), logNormal(rng, user.bytesMedian, 0.8)), label)
    else em.portal(t, portalApiCall(t, user.name, far.ip, 'GET', '/api/v2/users/me', 200, logNormal(rng, 15_000, 0.5)), label)
  }
}

/** At night, a login and then dozens of downloads, each far above what this user moves. */
export function dataExfiltration(ctx: AttackContext): void {
  const { world, em, rng, label } = ctx
  const inCloud = ctx.index % 2 === 1
  const pool = world.users.filter((u) => (inCloud ? u.usesCloud : true))
  const user = pool[(ctx.index * 5 + 3) % pool.length]
  const start = nightStart(ctx)
  const fromNew = chance(rng, 0.4)
  const origin = fromNew
    ? (() => {
        const a = attackerIp(ctx)
        return { ip: a.ip, geo: { country: a.country.code, ...jitteredPoint(rng, a.country) } }
      })()
    : { ip: pick(rng, user.homeIps), geo: { country: user.home.code, ...user.homePoint } }
  const ua = userAgentOf(user)
  const downloads = sized(ctx, { tiny: [4, 8], small: [10, 20], normal: [20, 80], huge: [200, 400] })
  const span = 15 * MINUTE + rng.next() * 45 * MINUTE
  let t = start
  if (inCloud) em.cloud(t, cloudLogin(t, user.name, origin.ip, true, origin.geo, 'eu-central-1', ua), label)
  else em.portal(t, portalLogin(t, user.name, origin.ip, true, origin.geo, ua), label)
  for (let i = 0; i < downloads; i++) {
    t += (span / downloads) * (0.5 + rng.next())
    const bytes = user.bytesMedian * logNormal(rng, 120, 0.5)
    if (inCloud) em.cloud(t, cloudApiCall(t, user.name, origin.ip, 'GetObject', `s3://acme-prod-data/customers/part-${String(i).padStart(4, '0')}.parquet`, bytes, 'eu-central-1'), label)
    else em.portal(t, portalFileAccess(t, user.name, origin.ip, 'download', `${pick(rng, SHARED_FILES)}`, bytes), label)
  }
}
