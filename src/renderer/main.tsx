// Renderer entry. Registers AG Grid's community modules once and mounts the app on the transport
// of the host it runs in (Electron preload bridge, or the `vigil serve` WebSocket).
import { AllCommunityModule, ModuleRegistry } from 'ag-grid-community'
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './App'
import './styles.css'
import './panels.css'
import './incidents.css'
import './workflow.css'
import './pictures.css'
import { createClient } from './transport/createClient'

ModuleRegistry.registerModules([AllCommunityModule])

const root = document.getElementById('root')
if (!root) throw new Error('index.html has no #root element')
const client = createClient()
createRoot(root).render(
  <StrictMode>
    <App client={client} />
  </StrictMode>,
)
