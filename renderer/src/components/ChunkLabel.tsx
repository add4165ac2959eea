/** The caption above a chunk: which way the bytes went, in which frame, how many. */
import type { DecodedChunk } from '../lib/flow-bytes';
import { formatBytes } from '../lib/format';

export function ChunkLabel({ chunk }: { chunk: DecodedChunk }) {
  return (
    <span className="chunk-label">
      <span className={`direction direction-${chunk.direction}`}>
        {chunk.direction === 'out' ? '→ sent by the phone' : '← received'}
      </span>
      <span className="sep">·</span>frame {chunk.frame}
      <span className="sep">·</span>
      {formatBytes(chunk.bytes.length)}
      <span className="sep">·</span>offset {chunk.start}
    </span>
  );
}
