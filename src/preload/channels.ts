/**
 * IPC channel names shared by main and preload. API methods use their own name as the channel
 * (`findings.list`), so main can register exactly one handler per method of src/shared/api.ts.
 */

/** Main → renderer: every pushed engine event, as `{ event, payload }`. */
export const EVENT_CHANNEL = 'vigil:event'

/** Renderer → main: show the native "Open Folder" dialog. */
export const PICK_FOLDER_CHANNEL = 'vigil:pick-folder'
