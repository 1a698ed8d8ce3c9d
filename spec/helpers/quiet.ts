// Runs an async call with stdout and stderr silenced (the runner's progress output), restoring both after.
/** `await quiet(() => reproduce(['--scale', 'tiny']))` */
export const quiet = <T>(fn: () => Promise<T>): Promise<T> => {
  const out = process.stdout.write.bind(process.stdout);
  const err = process.stderr.write.bind(process.stderr);
  process.stdout.write = () => true;
  process.stderr.write = () => true;
  return fn().finally(() => {
    process.stdout.write = out;
    process.stderr.write = err;
  });
};
