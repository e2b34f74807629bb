/**
 * The engine's Node-only entry: reading factories from disk (and, later, the runtime). The isomorphic
 * model lives in the package's main entry.
 */
export { FACTORY_FOLDERS, findFactoryFolders, guessKind, loadFactoryFolder, type LoadedFactory } from './factory-folder.js';
