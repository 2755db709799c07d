import assert from 'node:assert/strict';
import type { FileHandle } from 'node:fs/promises';
import { describe, it } from 'node:test';
import { writeAll } from '../../index/artifact/artifact.ts';

/** A file handle that keeps what it is given, writing at most `most` bytes a call, or reporting `report`. */
function fakeHandle(options: { most?: number; report?: number }) {
  const written: Buffer[] = [];
  const lengths: number[] = [];
  const handle = {
    write: async (buffer: Buffer, offset: number, length: number) => {
      lengths.push(length);
      const count = Math.min(length, options.most ?? length);
      written.push(Buffer.from(buffer.subarray(offset, offset + count)));
      return { bytesWritten: options.report ?? count, buffer };
    },
  } as unknown as Pick<FileHandle, 'write'>;
  return { handle, written, lengths };
}

describe('writing an artifact', () => {
  it('writes every byte in order when the system writes less than it was given', async () => {
    const parts = [Buffer.from('header\n'), Buffer.from('abcdefghij'), Buffer.alloc(0), Buffer.from('xyz')];
    const { handle, written } = fakeHandle({ most: 4 });
    await writeAll(handle, parts);
    assert.equal(Buffer.concat(written).toString(), 'header\nabcdefghijxyz');
  });

  it('fails with a message, rather than writing on, when a write reports a count it cannot have made', async () => {
    // Node 20 reports a writev of more than 2 GiB with its count wrapped to a negative 32-bit number.
    const { handle, lengths } = fakeHandle({ report: -1_988_100_096 });
    await assert.rejects(writeAll(handle, [Buffer.from('abcdef')]), /reported -1988100096 written/);
    assert.equal(lengths.length, 1, 'one write, not a loop');
  });
});
