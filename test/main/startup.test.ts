import { describe, expect, it } from 'vitest'
import { foldersToOpen } from '../../src/main/startup'

const options = { demoDir: '/app/resources/demo-logs', cwd: '/home/analyst', appPaths: ['/app', '/app/out/main/index.js'] }

describe('folders opened at start', () => {
  it('opens the demo logs with --demo', () => {
    expect(foldersToOpen(['/usr/bin/electron', '/app', '--demo'], options)).toEqual(['/app/resources/demo-logs'])
  })

  it('opens folders named on the command line, resolved against the working directory', () => {
    expect(foldersToOpen(['/opt/Vigil/vigil', 'cases/4711', '/var/log'], options)).toEqual([
      '/home/analyst/cases/4711',
      '/var/log',
    ])
  })

  it('ignores the app itself and switches, wherever the launcher puts them', () => {
    const argv = ['/usr/bin/electron', '--inspect=0', '--remote-debugging-port=0', '/app/out/main/index.js', '--demo', '/var/log']
    expect(foldersToOpen(argv, options)).toEqual(['/app/resources/demo-logs', '/var/log'])
  })

  it('opens nothing without arguments, and each folder once', () => {
    expect(foldersToOpen(['/opt/Vigil/vigil'], options)).toEqual([])
    expect(foldersToOpen(['/opt/Vigil/vigil', '/var/log', '/var/log/'], options)).toEqual(['/var/log'])
  })
})
