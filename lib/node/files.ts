// Node-only file helpers. writeFileAtomic makes a write all-or-nothing: the bytes go to a temporary
// file in the same folder (same file system, so rename is atomic), are fsync'ed to disk, and only
// then renamed over the target. A crash or kill mid-write leaves the old file untouched (and, at
// worst, a stray `.<name>.<pid>.<n>.tmp` beside it, which is safe to delete).
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fail } from '../errors.ts';
import { loadSafetensors, saveSafetensors, type SaveSafetensorsOptions } from '../io/safetensors.ts';
import type { Tensor } from '../tensor.ts';

let counter = 0;

/** Writes all of `buf` at the file's current position (writeSync may write less than asked). `writeAll(fd, bytes)` */
export function writeAll(fd: number, buf: Uint8Array): void {
  let done = 0;
  while (done < buf.length) done += writeSync(fd, buf, done, buf.length - done);
}

/**
 * Replaces `path` with `data` atomically: readers see the old file or the new one, never a part.
 * `data` may be a string (UTF-8), bytes, or an iterable of byte chunks (written as they come).
 * `writeFileAtomic('run/checkpoint.safetensors', bytes)`
 */
export function writeFileAtomic(path: string, data: string | Uint8Array | Iterable<Uint8Array>): void {
  if (typeof path !== 'string' || path === '') fail('writeFileAtomic', `path must be a non-empty string (got ${JSON.stringify(path)})`);
  const isChunks = typeof data === 'object' && data !== null && !(data instanceof Uint8Array) && typeof data[Symbol.iterator] === 'function';
  if (typeof data !== 'string' && !(data instanceof Uint8Array) && !isChunks) {
    fail('writeFileAtomic', `data must be a string, a Uint8Array or an iterable of Uint8Array (got ${data === null ? 'null' : typeof data})`);
  }
  const dir = dirname(path);
  const temp = join(dir, `.${basename(path)}.${process.pid}.${counter++}.tmp`);
  const fd = openSync(temp, 'wx'); // 'wx': never reuse or clobber an existing file
  try {
    try {
      if (typeof data === 'string') writeAll(fd, Buffer.from(data, 'utf8'));
      else if (data instanceof Uint8Array) writeAll(fd, data);
      else {
        for (const chunk of data) {
          if (!(chunk instanceof Uint8Array)) fail('writeFileAtomic', `every chunk must be a Uint8Array (got ${chunk === null ? 'null' : typeof chunk})`);
          writeAll(fd, chunk);
        }
      }
      fsyncSync(fd); // the data is on disk before the name points at it
    } finally {
      closeSync(fd);
    }
    renameSync(temp, path);
  } catch (e) {
    try {
      unlinkSync(temp);
    } catch {
      // already gone
    }
    throw e;
  }
  syncDirectory(dir);
}

/** Makes the rename itself durable. Not possible on every platform (Windows): then best effort. */
function syncDirectory(dir: string): void {
  let fd = -1;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // directories cannot be opened or fsync'ed here; the rename is still atomic
  } finally {
    if (fd >= 0) closeSync(fd);
  }
}

/** Saves tensors as a safetensors file, atomically. `saveSafetensorsFile('model.safetensors', model.stateDict())` */
export function saveSafetensorsFile(path: string, tensors: Record<string, Tensor>, options: SaveSafetensorsOptions = {}): void {
  writeFileAtomic(path, saveSafetensors(tensors, options));
}

/** Loads a safetensors file. `model.loadStateDict(loadSafetensorsFile('model.safetensors'))` */
export function loadSafetensorsFile(path: string): Record<string, Tensor> {
  return loadSafetensors(readFileSync(path));
}
