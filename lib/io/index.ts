// The `io` namespace: import { io } from 'trustgrad'; io.saveSafetensors(model.stateDict()).
export { saveSafetensors, loadSafetensors, readSafetensorsMetadata } from './safetensors.ts';
export type { SafetensorsDtype, SaveSafetensorsOptions } from './safetensors.ts';
