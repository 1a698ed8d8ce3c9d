// Node-only helpers, exported from 'trustgrad/node'. One line per module.
export { writeFileAtomic, saveSafetensorsFile, loadSafetensorsFile } from './files.ts';
