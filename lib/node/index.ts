// Node-only helpers, exported from 'trustgrad/node'. One line per module.
export { writeFileAtomic, saveSafetensorsFile, loadSafetensorsFile } from './files.ts';
export { loadMnist, loadMnistSplit, mnistDigits } from './mnist.ts';
export type { MnistOptions, MnistSplitOptions } from './mnist.ts';
export { useThreads, stopThreads } from './threads.ts';
