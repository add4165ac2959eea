/**
 * Saves a copy of a capture (pcap or pcapng) as pcapng with packet comments added, e.g. to mark
 * every leak so Wireshark shows it. Interfaces keep their link type, snaplen, name and
 * description; packets keep their bytes, lengths, timestamps (written with if_tsresol=9 so no
 * nanosecond is lost) and comments. The output is written to a temporary file next to the
 * target and renamed into place, so a crash never leaves a half-written file under the
 * user's chosen name.
 *
 * Limits: a multi-section input becomes one section, whose comments are the first input
 * section's followed by `sectionComments`; Simple Packet Blocks (which carry no timestamp)
 * become Enhanced Packet Blocks stamped at the epoch, as Wireshark shows them.
 */
import { randomBytes } from 'node:crypto';
import { open, rename, unlink, type FileHandle } from 'node:fs/promises';
import type { CaptureFileError } from '../engine/pcap/capture-reader';
import {
  enhancedPacket,
  interfaceDescription,
  interfaceStatistics,
  sectionHeader,
} from '../engine/pcap/pcapng-writer';
import { readCaptureFile } from './read-capture-file';

export interface ExportPcapngOptions {
  /** Comments to add, by frame number (1-based, as Wireshark counts). */
  commentsByFrame: Map<number, string[]>;
  /** Written as shb_userappl. */
  application: string;
  /** Written after the input's own section comments. */
  sectionComments?: string[];
}

export interface ExportPcapngResult {
  packets: number;
  /** Size of the written file. */
  bytes: number;
  /**
   * Damage that ended reading early (a truncated or corrupt input): the output then holds every
   * packet before it.
   */
  error: CaptureFileError | null;
}

const NS_PER_SEC = 1e9;

async function writeAll(file: FileHandle, data: Uint8Array): Promise<void> {
  let offset = 0;
  while (offset < data.length) {
    const { bytesWritten } = await file.write(data, offset, data.length - offset);
    offset += bytesWritten;
  }
}

export async function exportPcapngWithComments(
  inputPath: string,
  outputPath: string,
  opts: ExportPcapngOptions,
): Promise<ExportPcapngResult> {
  const tempPath = `${outputPath}.${randomBytes(6).toString('hex')}.tmp`;
  const out = await open(tempPath, 'wx');
  let queue: Uint8Array[] = [];
  let queued = 0;
  let written = 0;
  let sectionWritten = false;
  let section = -1;
  let nextInterface = 0;
  /** Output interface id of each input interface: interfaceMap[section][section-local id]. */
  const interfaceMap: number[][] = [];
  const enqueue = (block: Uint8Array): void => {
    queue.push(block);
    queued += block.length;
  };
  const flush = async (): Promise<void> => {
    if (queued === 0) return;
    const data = new Uint8Array(queued);
    let at = 0;
    for (const block of queue) {
      data.set(block, at);
      at += block.length;
    }
    queue = [];
    queued = 0;
    await writeAll(out, data);
    written += data.length;
  };
  const outputInterface = (id: number): number => {
    const mapped = interfaceMap[section]?.[id];
    if (mapped === undefined)
      throw new Error(`packet on interface ${id} of section ${section}, which was never described`);
    return mapped;
  };

  let committed = false;
  try {
    const result = await readCaptureFile(
      inputPath,
      {
        onSection(info) {
          section++;
          interfaceMap.push([]);
          if (sectionWritten) return;
          sectionWritten = true;
          enqueue(
            sectionHeader({
              application: opts.application,
              os: info.os,
              hardware: info.hardware,
              comments: [
                ...(info.comments ?? []),
                ...(opts.sectionComments ?? []).filter((c) => !info.comments?.includes(c)),
              ],
            }),
          );
        },
        onInterface(info) {
          interfaceMap[section][info.id] = nextInterface++;
          enqueue(
            interfaceDescription({
              linkType: info.linkType,
              snapLen: info.snapLen,
              name: info.name,
              description: info.description,
              tsResolNs: true,
            }),
          );
        },
        onPacket(p) {
          // A file PhoneHome saved before already carries some of these comments (a re-opened
          // capture's markers and leaks): each is written once.
          const added = opts.commentsByFrame.get(p.frame)?.filter((c) => !p.comments?.includes(c));
          const comments = !added?.length ? p.comments : [...(p.comments ?? []), ...added];
          enqueue(
            enhancedPacket(
              {
                interfaceId: outputInterface(p.interfaceId),
                tsSec: p.tsSec,
                tsNsec: p.tsNsec,
                data: p.data,
                origLen: p.origLen,
                comments,
              },
              NS_PER_SEC,
            ),
          );
        },
        onInterfaceStats(stats) {
          const id = interfaceMap[section]?.[stats.interfaceId];
          if (id === undefined) return;
          enqueue(
            interfaceStatistics(
              {
                interfaceId: id,
                tsSec: stats.tsSec,
                tsNsec: stats.tsNsec ?? 0,
                received: stats.received,
                dropped: stats.dropped,
              },
              NS_PER_SEC,
            ),
          );
        },
      },
      { afterChunk: flush },
    );
    await flush();
    if (!sectionWritten) {
      throw new Error(
        `Cannot export ${inputPath}: ${result.error?.message ?? 'it holds no capture section'}`,
      );
    }
    await out.close();
    await rename(tempPath, outputPath);
    committed = true;
    return { packets: result.packets, bytes: written, error: result.error };
  } finally {
    if (!committed) {
      await out.close().catch(() => undefined);
      await unlink(tempPath).catch(() => undefined);
    }
  }
}
