import type { MenuItemConstructorOptions } from 'electron'
import { describe, expect, it, vi } from 'vitest'
import { menuTemplate } from '../../src/main/menu'

const find = (items: MenuItemConstructorOptions[], label: string) => items.find((i) => i.label === label)

describe('application menu', () => {
  it('File → Open Folder… runs the open-folder action', () => {
    const openFolder = vi.fn()
    const template = menuTemplate({ openFolder, openAttackSite: vi.fn() }, 'linux')
    const file = find(template, 'File')?.submenu as MenuItemConstructorOptions[]
    const item = find(file, 'Open Folder…')
    expect(item?.accelerator).toBe('CmdOrCtrl+O')
    ;(item?.click as () => void)()
    expect(openFolder).toHaveBeenCalledOnce()
  })

  it('Help opens the ATT&CK site through the allowlisted action', () => {
    const openAttackSite = vi.fn()
    const template = menuTemplate({ openFolder: vi.fn(), openAttackSite }, 'linux')
    const help = find(template, 'Help')?.submenu as MenuItemConstructorOptions[]
    ;(help[0].click as () => void)()
    expect(openAttackSite).toHaveBeenCalledOnce()
  })
})
