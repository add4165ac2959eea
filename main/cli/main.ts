/**
 * `phonehome` command line: analyze a capture file, capture live, or serve the UI over HTTP
 * (DESIGN §4). Exit codes: 0 ok, 2 usage error (including an invalid identifiers file),
 * 3 unreadable input or a failed capture.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { Identifier } from '../../shared/identifier-types';
import { parseIdentifiersFile } from '../../shared/identifiers';
// Each command's module is loaded when it runs: `analyze` need not compile and start the web
// server, the capture backends or the hotspot providers (the bundle splits along these imports).

export const EXIT_OK = 0;
export const EXIT_USAGE = 2;
export const EXIT_INPUT = 3;

const USAGE = `PhoneHome — see what a phone tells its maker.

Usage:
  phonehome analyze FILE [--ids FILE] [--format ndjson|json|table] [--threads auto|1|2]
      Read a pcap or pcapng file; print DNS, TLS, HTTP, flow and leak records. With two
      threads (auto: with 4 cores or more, for files over 4 MB) a second thread runs most
      of the connections; the output is the same.
  phonehome capture --interface IF [--filter BPF] [--ids FILE] [--write FILE.pcapng] [--format ndjson]
                    [--backend auto|direct|pkexec|dumpcap]
      Capture live; print each record as soon as it is known. A flow or leak line can repeat
      with the same flowId or leakId as it grows: the later line replaces the earlier one. A
      capture-stats line every second counts packets and drops. Ctrl-C (SIGINT) or SIGTERM stops
      the capture, finishes the file and prints the summary. --backend auto (the default) runs
      the capture helper directly as root or with CAP_NET_RAW,CAP_NET_ADMIN, else dumpcap where
      this user may capture with it (the wireshark group), else the helper through pkexec.
  phonehome serve [--host 127.0.0.1] [--port N] [--open FILE] [--ids FILE] [--data-dir DIR]
      Serve the PhoneHome UI to a browser. The first line printed is the URL with its
      access token.
  phonehome hotspot up|down|status|devices|interfaces [options]
      Start or stop a hotspot for the phone (NetworkManager, hostapd, a wired share with
      dnsmasq and nftables, or an interface the system already shares) and list the devices
      that joined. "phonehome hotspot" alone prints its options.
  phonehome --help | --version

Identifiers file: {"identifiers": [{"kind": "imei", "value": "...", "label": "..."}, ...]}
Exit codes: 0 ok, 2 usage error, 3 unreadable input or a failed capture.`;

export class UsageError extends Error {}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'analyze':
        return await analyze(rest);
      case 'capture':
        return await capture(rest);
      case 'serve':
        return await serve(rest);
      case 'hotspot':
        return await (await import('./hotspot-command')).runHotspot(rest);
      case '--version':
      case '-V':
        process.stdout.write('phonehome 0.1.0\n');
        return EXIT_OK;
      case undefined:
      case '--help':
      case '-h':
      case 'help':
        process.stdout.write(`${USAGE}\n`);
        return command === undefined ? EXIT_USAGE : EXIT_OK;
      default:
        throw new UsageError(`unknown command "${command}"`);
    }
  } catch (err) {
    if (err instanceof UsageError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`phonehome: ${(err as Error).message}\n\n${USAGE}\n`);
      return EXIT_USAGE;
    }
    throw err;
  }
}

async function analyze(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      ids: { type: 'string' },
      format: { type: 'string', default: 'ndjson' },
      threads: { type: 'string', default: 'auto' },
    },
  });
  if (positionals.length !== 1) throw new UsageError('analyze takes exactly one capture file');
  const threads = values.threads!;
  if (threads !== 'auto' && threads !== '1' && threads !== '2') {
    throw new UsageError(`--threads must be auto, 1 or 2 (got "${threads}")`);
  }
  const format = values.format!;
  if (format !== 'ndjson' && format !== 'json' && format !== 'table') {
    throw new UsageError(`--format must be ndjson, json or table (got "${format}")`);
  }
  const identifiers = values.ids ? await loadIdentifiers(values.ids) : [];
  const { runAnalyze } = await import('./analyze-command');
  return runAnalyze(positionals[0], identifiers, format, threads === 'auto' ? 'auto' : Number(threads));
}

async function capture(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      interface: { type: 'string' },
      filter: { type: 'string' },
      ids: { type: 'string' },
      write: { type: 'string' },
      format: { type: 'string', default: 'ndjson' },
      backend: { type: 'string', default: 'auto' },
    },
  });
  if (!values.interface) throw new UsageError('capture needs --interface IF');
  const backend = values.backend!;
  if (backend !== 'auto' && backend !== 'direct' && backend !== 'pkexec' && backend !== 'dumpcap') {
    throw new UsageError(`--backend must be auto, direct, pkexec or dumpcap (got "${backend}")`);
  }
  if (values.format !== 'ndjson') {
    throw new UsageError(`capture prints ndjson only (got --format "${values.format}")`);
  }
  const identifiers = values.ids ? await loadIdentifiers(values.ids) : [];
  const { runCapture } = await import('./capture-command');
  return runCapture({
    interfaceName: values.interface,
    filter: values.filter ?? null,
    identifiers,
    writePath: values.write ?? null,
    backend,
  });
}

async function serve(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      host: { type: 'string', default: '127.0.0.1' },
      port: { type: 'string', default: '0' },
      open: { type: 'string' },
      ids: { type: 'string' },
      'data-dir': { type: 'string' },
    },
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new UsageError(`--port must be a port number (got "${values.port}")`);
  }
  const identifiers = values.ids ? await loadIdentifiers(values.ids) : undefined;
  const { runServe } = await import('./serve-command');
  return runServe({
    host: values.host!,
    port,
    open: values.open ?? null,
    identifiers,
    dataDir: values['data-dir'] ?? null,
    repoRoot: fileURLToPath(new URL('../../', import.meta.url)),
  });
}

/** Read and validate an identifiers file; any problem is a usage error that names the entry. */
export async function loadIdentifiers(path: string): Promise<Identifier[]> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(path, 'utf8'));
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    throw new UsageError(
      e.code === 'ENOENT'
        ? `identifiers file ${path} does not exist`
        : `identifiers file ${path} is not valid JSON (${e.message})`,
    );
  }
  // parseIdentifiersFile checks each entry (checkIdentifier's rules) and keeps only valid ones.
  const { identifiers, errors } = parseIdentifiersFile(json);
  if (errors.length) {
    throw new UsageError(`identifiers file ${path} has problems:\n  ${errors.join('\n  ')}`);
  }
  return identifiers;
}
