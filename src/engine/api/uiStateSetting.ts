/**
 * The analyst's view of the grid (src/shared/uiState.ts), kept in the store's settings so it
 * survives a restart the same way in the desktop app and in `vigil serve`.
 */
import { uiStateSchema, type UiState } from '../../shared/uiState'
import type { Store } from '../store/Store'

const UI_STATE_SETTING = 'uiState'

/** The saved view; `{}` when none is saved or the saved one no longer fits the schema (an older Vigil's). */
export function readUiState(store: Store): UiState {
  const parsed = uiStateSchema.safeParse(store.getSetting(UI_STATE_SETTING) ?? {})
  return parsed.success ? parsed.data : {}
}

/** Replaces the saved view (already validated at the boundary); returns what was saved. */
export function writeUiState(store: Store, state: UiState): UiState {
  store.setSetting(UI_STATE_SETTING, state)
  return state
}
