// Data sets and batching; browser-safe (MNIST's loader, which reads files, is in lib/node/mnist.ts).
export { MNIST_MEAN, MNIST_STD, avgPool2x2, checkDataset, normalize, split, subset, targetWidth, toTensors } from './dataset.ts';
export type { Dataset } from './dataset.ts';
export { batchCount, batches } from './batches.ts';
export type { Batch, BatchOptions } from './batches.ts';
export { blobs, circle, spirals, xor } from './synthetic.ts';
export type { PlaygroundOptions } from './synthetic.ts';
export { teacherStudent } from './teacher.ts';
export type { TeacherStudentDataset, TeacherStudentOptions } from './teacher.ts';
