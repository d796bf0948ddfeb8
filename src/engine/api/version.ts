/** The app's version, from package.json (bundled at build time). */
import pkg from '../../../package.json'

export const VIGIL_VERSION: string = pkg.version
