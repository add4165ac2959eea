/**
 * The data views (Destinations, Flows, DNS, Timeline) in the real UI, against `phonehome serve`
 * with the real engine, checked against tshark run at test time:
 * - a public capture from the corpus (ndpi alexa-app: 154 flows, 62 DNS messages, 14 TLS
 *   names): row counts, every SNI name a destination with its addresses, bytes each way,
 *   filters, sorting, a click from a destination to its flows, and brushing the timeline, which
 *   must narrow the other views to exactly the flows and DNS messages tshark puts in that range;
 * - the sample capture: leaking destinations and flows are those whose packets carry the
 *   identifiers.
 * Screenshots of the four views are written to docs/screenshots/views-*.png.
 */
import { expect, test, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot, sampleIds, samplePcap, startServe, type ServeHandle } from './support/serve';

const CORPUS = '/work/shared/corpus/ndpi__alexa-app.pcapng';
const shots = join(repoRoot, 'docs', 'screenshots');
mkdirSync(shots, { recursive: true });

// ---------------------------------------------------------------------------------------------
// tshark oracles

function tshark(file: string, args: string[]): string[] {
  const out = execFileSync('tshark', ['-r', file, '-n', ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
    maxBuffer: 1 << 28,
  });
  return out.split('\n').filter((l) => l !== '');
}

interface Stream {
  /**
   * The side that opened the stream, "ip:port" (IPv6 bracketed): the sender of a TCP SYN; else
   * the side on an unprivileged port talking to a privileged one (< 1024); between two
   * privileged ports the higher one (DHCP's 68 → 67); else the first sender.
   */
  client: string;
  server: string;
  first: number;
  last: number;
  /** Payload bytes each way, as tshark's tcp.len and udp.length − 8. */
  out: number;
  in: number;
  udpPort53: boolean;
}

const endpoint = (ip: string, port: string) => (ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`);

/** Every TCP and UDP stream of the capture, by tshark's stream index. */
function streams(file: string): Map<string, Stream> {
  const lines = tshark(file, [
    '-T',
    'fields',
    '-E',
    'separator=\t',
    '-e',
    'frame.time_epoch',
    '-e',
    'tcp.stream',
    '-e',
    'udp.stream',
    '-e',
    'ip.src',
    '-e',
    'ipv6.src',
    '-e',
    'ip.dst',
    '-e',
    'ipv6.dst',
    '-e',
    'tcp.srcport',
    '-e',
    'udp.srcport',
    '-e',
    'tcp.dstport',
    '-e',
    'udp.dstport',
    '-e',
    'tcp.len',
    '-e',
    'udp.length',
    '-e',
    'tcp.flags.syn',
    '-e',
    'tcp.flags.ack',
  ]);
  const map = new Map<string, Stream>();
  for (const line of lines) {
    const [t, tcpStream, udpStream, s4, s6, d4, d6, tsp, usp, tdp, udp, tcpLen, udpLen, syn, ack] =
      line.split('\t');
    const key = tcpStream !== '' ? `tcp${tcpStream}` : udpStream !== '' ? `udp${udpStream}` : null;
    if (!key) continue;
    const src = endpoint(s4 || s6, tsp || usp);
    const dst = endpoint(d4 || d6, tdp || udp);
    const ts = Number(t);
    const len = tcpStream !== '' ? Number(tcpLen) : Number(udpLen) - 8;
    let s = map.get(key);
    if (!s) {
      const sp = Number(tsp || usp);
      const dp = Number(tdp || udp);
      const isSyn = syn === '1' || syn === 'True';
      const isAck = ack === '1' || ack === 'True';
      const senderOpened = isSyn
        ? !isAck
        : sp < 1024 !== dp < 1024
          ? dp < 1024
          : sp < 1024 && sp !== dp
            ? sp > dp
            : true;
      s = senderOpened
        ? { client: src, server: dst, first: ts, last: ts, out: 0, in: 0, udpPort53: false }
        : { client: dst, server: src, first: ts, last: ts, out: 0, in: 0, udpPort53: false };
      map.set(key, s);
    }
    s.first = Math.min(s.first, ts);
    s.last = Math.max(s.last, ts);
    if (src === s.client) s.out += len;
    else s.in += len;
    if (udpStream !== '' && (usp === '53' || udp === '53')) s.udpPort53 = true;
  }
  return map;
}

interface DnsMessage {
  ts: number;
  name: string;
}

function dnsMessages(file: string): DnsMessage[] {
  return tshark(file, [
    '-Y',
    'dns',
    '-T',
    'fields',
    '-E',
    'separator=\t',
    '-e',
    'frame.time_epoch',
    '-e',
    'dns.qry.name',
  ]).map((l) => {
    const [ts, name] = l.split('\t');
    return { ts: Number(ts), name: name.split(',')[0] };
  });
}

/** TLS ClientHello server names and the addresses they were sent to. */
function sniNames(file: string): Map<string, Set<string>> {
  const map = new Map<string, Set<string>>();
  for (const l of tshark(file, [
    '-Y',
    'tls.handshake.type == 1',
    '-T',
    'fields',
    '-E',
    'separator=\t',
    '-e',
    'tls.handshake.extensions_server_name',
    '-e',
    'ip.dst',
    '-e',
    'ipv6.dst',
  ])) {
    const [name, d4, d6] = l.split('\t');
    if (!name) continue;
    if (!map.has(name)) map.set(name, new Set());
    map.get(name)!.add(d4 || d6);
  }
  return map;
}

// ---------------------------------------------------------------------------------------------
// reading the virtualised tables

interface Row {
  key: string;
  cells: Record<string, { text: string; title: string }>;
}

/** Every row of a virtualised list, scrolling it from top to bottom (the DOM holds only a window). */
async function readAll(page: Page, listTestId: string): Promise<Row[]> {
  return page.getByTestId(listTestId).evaluate(async (list) => {
    const frame = () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    const rows = new Map<
      string,
      { index: number; key: string; cells: Record<string, { text: string; title: string }> }
    >();
    const collect = () => {
      for (const row of list.querySelectorAll<HTMLElement>('[role="row"]')) {
        const key = row.dataset.key!;
        const cells: Record<string, { text: string; title: string }> = {};
        for (const cell of row.querySelectorAll<HTMLElement>('[data-col]')) {
          cells[cell.dataset.col!] = { text: cell.textContent ?? '', title: cell.title };
        }
        rows.set(key, { index: Number(row.getAttribute('aria-rowindex')), key, cells });
      }
    };
    list.scrollTop = 0;
    await frame();
    for (;;) {
      collect();
      if (list.scrollTop + list.clientHeight >= list.scrollHeight - 1) break;
      list.scrollTop += Math.max(50, list.clientHeight - 40);
      await frame();
    }
    list.scrollTop = 0;
    return Array.from(rows.values())
      .sort((a, b) => a.index - b.index)
      .map(({ key, cells }) => ({ key, cells }));
  });
}

const rowsOf = (page: Page, list: string) => page.getByTestId(list).getAttribute('data-rows').then(Number);
const bytesIn = (title: string) => Number(title.replace(/[^0-9]/g, ''));

async function openTab(page: Page, tab: 'destinations' | 'flows' | 'dns' | 'timeline'): Promise<void> {
  await page.getByTestId(`tab-${tab}`).click();
  await expect(page.getByTestId(`${tab}-panel`)).toBeVisible();
}

async function sortBy(page: Page, panel: string, col: string): Promise<void> {
  await page
    .getByTestId(panel)
    .getByTestId('sort-header')
    .and(page.locator(`[data-col="${col}"]`))
    .click();
}

let serve: ServeHandle;
test.afterEach(async () => {
  await serve?.stop();
});

// ---------------------------------------------------------------------------------------------

test('a corpus capture: destinations, flows and DNS agree with tshark; filters, sort, brushing', async ({
  page,
}) => {
  test.setTimeout(180_000);
  const oracle = streams(CORPUS);
  const dns = dnsMessages(CORPUS);
  const sni = sniNames(CORPUS);
  expect(oracle.size).toBeGreaterThan(100);
  expect(dns.length).toBeGreaterThan(50);

  serve = await startServe(['--open', CORPUS]);
  await page.goto(serve.url);

  // Flows: one row per tshark TCP/UDP stream.
  await openTab(page, 'flows');
  await expect(page.getByTestId('flows-list')).toHaveAttribute('data-rows', String(oracle.size), {
    timeout: 60_000,
  });
  await expect(page.getByTestId('progress')).toHaveCount(0, { timeout: 60_000 });

  // Destinations: every flow counted once, the bytes each way add up to tshark's payload bytes,
  // and every TLS server name is a destination with the addresses its hellos went to.
  await openTab(page, 'destinations');
  const dests = await readAll(page, 'destinations-list');
  expect(dests.length).toBe(await rowsOf(page, 'destinations-list'));
  const sum = (col: string, parse: (c: { text: string; title: string }) => number) =>
    dests.reduce((n, d) => n + parse(d.cells[col]), 0);
  const totalOut = [...oracle.values()].reduce((n, s) => n + s.out, 0);
  const totalIn = [...oracle.values()].reduce((n, s) => n + s.in, 0);
  expect(sum('flows', (c) => Number(c.text.replace(/,/g, '')))).toBe(oracle.size);
  expect(sum('up', (c) => bytesIn(c.title))).toBe(totalOut);
  expect(sum('down', (c) => bytesIn(c.title))).toBe(totalIn);
  expect(sni.size).toBeGreaterThan(10);
  for (const [name, addresses] of sni) {
    const row = dests.find((d) => d.key === name);
    expect(row, `destination ${name}`).toBeDefined();
    for (const a of addresses) expect(row!.cells.addresses.text).toContain(a);
    expect(row!.cells.protocols.text).toContain('tls');
    // First and last contact are times of day, with the full date in the tooltip.
    expect(row!.cells.first.text).toMatch(/^\d\d:\d\d:\d\d$/);
  }
  await page.screenshot({ path: join(shots, 'views-destinations.png') });

  // Text filter: exactly the rows whose visible fields mention "amazon".
  const mentions = (d: Row, needle: string) =>
    ['host', 'addresses', 'tracker', 'protocols'].some((c) =>
      d.cells[c].text.toLowerCase().includes(needle),
    ) || d.cells.asn.title.toLowerCase().includes(needle);
  await page.getByTestId('dest-filter').fill('amazon');
  await expect(page.getByTestId('destinations-list')).toHaveAttribute(
    'data-rows',
    String(dests.filter((d) => mentions(d, 'amazon')).length),
  );
  expect((await readAll(page, 'destinations-list')).every((d) => mentions(d, 'amazon'))).toBe(true);
  await page.getByTestId('dest-filter').fill('');
  // No identifiers were given, so nothing leaks.
  await page.getByTestId('dest-has-leak').check();
  await expect(page.getByTestId('destinations-list')).toHaveAttribute('data-rows', '0');
  await page.getByTestId('dest-has-leak').uncheck();

  // Sort by bytes sent: largest first, then smallest first, then back to the natural order.
  const upOf = (rows: Row[]) => rows.map((d) => bytesIn(d.cells.up.title));
  await sortBy(page, 'destinations-panel', 'up');
  const desc = upOf(await readAll(page, 'destinations-list'));
  expect(desc).toEqual([...desc].sort((a, b) => b - a));
  expect(desc[0]).toBe(Math.max(...upOf(dests)));
  await sortBy(page, 'destinations-panel', 'up');
  const asc = upOf(await readAll(page, 'destinations-list'));
  expect(asc).toEqual([...asc].sort((a, b) => a - b));
  await sortBy(page, 'destinations-panel', 'up');
  expect((await readAll(page, 'destinations-list')).map((d) => d.key)).toEqual(dests.map((d) => d.key));

  // A click on a destination lists exactly its flows.
  const amazon = dests.find((d) => d.key === 'www.amazon.com')!;
  await page.getByTestId('dest-row').and(page.locator('[data-key="www.amazon.com"]')).click();
  await expect(page.getByTestId('flows-panel')).toBeVisible();
  await expect(page.getByTestId('flow-host')).toHaveValue('www.amazon.com');
  await expect(page.getByTestId('flows-list')).toHaveAttribute('data-rows', amazon.cells.flows.text);
  const amazonFlows = await readAll(page, 'flows-list');
  expect(amazonFlows.every((f) => f.cells.host.text === 'www.amazon.com')).toBe(true);
  await page.getByTestId('flow-host').fill('');

  // Protocol filter: the DNS flows are tshark's UDP streams on port 53.
  await page.getByTestId('flow-protocol').selectOption('dns');
  await expect(page.getByTestId('flows-list')).toHaveAttribute(
    'data-rows',
    String([...oracle.values()].filter((s) => s.udpPort53).length),
  );
  await page.getByTestId('flow-protocol').selectOption('');
  await expect(page.getByTestId('flow-count')).toHaveText(`${oracle.size} flows`);

  // Sort by bytes: the busiest flow is tshark's busiest stream.
  await sortBy(page, 'flows-panel', 'bytes');
  const busiest = [...oracle.values()].sort((a, b) => b.out + b.in - (a.out + a.in))[0];
  const top = page.getByTestId('flow-row').first();
  await expect(top.locator('[data-col="server"]')).toHaveText(busiest.server);
  await expect(top.locator('[data-col="client"]')).toHaveText(busiest.client);
  await top.click();
  await expect(page.getByTestId('flow-view')).toBeVisible();
  await page.getByTestId('flow-view-close').click();
  await sortBy(page, 'flows-panel', 'bytes');
  await sortBy(page, 'flows-panel', 'bytes');
  await page.screenshot({ path: join(shots, 'views-flows.png') });

  // DNS: one row per tshark DNS message; the name filter and the sort agree with tshark.
  await openTab(page, 'dns');
  await expect(page.getByTestId('dns-list')).toHaveAttribute('data-rows', String(dns.length));
  const name = 'connectivitycheck.android.com';
  await page.getByTestId('dns-host').fill(name);
  const named = tshark(CORPUS, ['-Y', `dns.qry.name == "${name}" || dns.cname == "${name}"`]).length;
  expect(named).toBeGreaterThan(0);
  await expect(page.getByTestId('dns-list')).toHaveAttribute('data-rows', String(named));
  await page.getByTestId('dns-host').fill('');
  await page.getByTestId('dns-protocol').selectOption('mdns');
  await expect(page.getByTestId('dns-list')).toHaveAttribute('data-rows', '0');
  await page.getByTestId('dns-protocol').selectOption('');
  await sortBy(page, 'dns-panel', 'qname');
  const names = dns.map((d) => d.name.toLowerCase()).sort();
  const shown = (await readAll(page, 'dns-list')).map((r) => r.cells.qname.text.toLowerCase());
  expect(shown).toEqual(names);
  await sortBy(page, 'dns-panel', 'qname');
  await sortBy(page, 'dns-panel', 'qname');
  await page.screenshot({ path: join(shots, 'views-dns.png') });

  // Timeline: all payload bytes are on it; brushing narrows the other views to the range.
  await openTab(page, 'timeline');
  const chart = page.getByTestId('timeline-chart');
  await expect(chart).toHaveAttribute('data-total-bytes', String(totalOut + totalIn));
  const firstTs = Math.min(...[...oracle.values()].map((s) => s.first));
  expect(Number(await chart.getAttribute('data-start'))).toBeLessThanOrEqual(firstTs);
  const plot = chart.locator('.u-over');
  const box = (await plot.boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.15, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.3, box.y + box.height / 2, { steps: 5 });
  await page.mouse.move(box.x + box.width * 0.45, box.y + box.height / 2, { steps: 5 });
  await page.mouse.up();
  const chip = page.getByTestId('time-range-chip');
  await expect(chip).toBeVisible();
  const from = Number(await chip.getAttribute('data-from'));
  const to = Number(await chip.getAttribute('data-to'));
  expect(to).toBeGreaterThan(from);
  await page.screenshot({ path: join(shots, 'views-timeline.png') });

  const flowsInRange = [...oracle.values()].filter((s) => s.first <= to && s.last >= from).length;
  const dnsInRange = dns.filter((d) => d.ts >= from && d.ts <= to).length;
  expect(flowsInRange).toBeGreaterThan(0);
  expect(flowsInRange).toBeLessThan(oracle.size);
  await openTab(page, 'flows');
  await expect(page.getByTestId('time-range-chip')).toBeVisible();
  await expect(page.getByTestId('flows-list')).toHaveAttribute('data-rows', String(flowsInRange));
  await openTab(page, 'dns');
  await expect(page.getByTestId('dns-list')).toHaveAttribute('data-rows', String(dnsInRange));
  await openTab(page, 'destinations');
  const ranged = await readAll(page, 'destinations-list');
  expect(ranged.reduce((n, d) => n + Number(d.cells.flows.text.replace(/,/g, '')), 0)).toBe(flowsInRange);

  await page.getByTestId('time-range-clear').click();
  await expect(page.getByTestId('time-range-chip')).toHaveCount(0);
  await expect(page.getByTestId('destinations-list')).toHaveAttribute('data-rows', String(dests.length));
  await openTab(page, 'flows');
  await expect(page.getByTestId('flows-list')).toHaveAttribute('data-rows', String(oracle.size));
});

test('the sample: leaking destinations and flows are those whose packets carry the identifiers', async ({
  page,
}) => {
  // Streams whose packets carry an identifier as plain digits or text (tshark's frame search),
  // and the HTTP Host of their requests.
  const carrying = tshark(samplePcap, [
    '-Y',
    'frame contains "865301020304057" or frame contains "8613800138000" or frame contains "460001234567890" or frame contains "13912345678" or frame contains "China Mobile"',
    '-T',
    'fields',
    '-e',
    'tcp.stream',
  ]);
  const leakyStreams = new Set(carrying);
  const hostOf = new Map(
    tshark(samplePcap, [
      '-Y',
      'http.request',
      '-T',
      'fields',
      '-E',
      'separator=\t',
      '-e',
      'tcp.stream',
      '-e',
      'http.host',
    ]).map((l) => l.split('\t') as [string, string]),
  );
  const leakyHosts = [...new Set([...leakyStreams].map((s) => hostOf.get(s)!))].sort();
  expect(leakyHosts.length).toBeGreaterThan(0);
  const oracle = streams(samplePcap);
  const leakyServers = [...leakyStreams].map((s) => oracle.get(`tcp${s}`)!.server).sort();
  const answers = tshark(samplePcap, [
    '-Y',
    'dns.a',
    '-T',
    'fields',
    '-E',
    'separator=\t',
    '-e',
    'dns.qry.name',
    '-e',
    'dns.a',
  ]);

  serve = await startServe(['--open', samplePcap, '--ids', sampleIds]);
  await page.goto(serve.url);
  await openTab(page, 'destinations');
  await expect(page.getByTestId('progress')).toHaveCount(0, { timeout: 30_000 });
  const dests = await readAll(page, 'destinations-list');
  for (const line of answers) {
    const [name, address] = line.split('\t');
    expect(dests.find((d) => d.key === name)?.cells.addresses.text, name).toContain(address);
  }
  await page.getByTestId('dest-has-leak').check();
  const leaking = await readAll(page, 'destinations-list');
  expect(leaking.map((d) => d.key).sort()).toEqual(leakyHosts);
  expect(leaking.every((d) => Number(d.cells.leaks.text) > 0)).toBe(true);
  await page.getByTestId('dest-has-leak').uncheck();

  await openTab(page, 'flows');
  await page.getByTestId('flow-has-leak').check();
  const flows = await readAll(page, 'flows-list');
  expect(flows.map((f) => f.cells.server.text).sort()).toEqual(leakyServers);
  // Selecting one shows its reassembled text with the identifier highlighted.
  await page.getByTestId('flow-row').first().click();
  await expect(page.getByTestId('flow-view')).toBeVisible();
  await expect(page.getByTestId('flow-view').getByTestId('highlight').first()).toBeVisible();
});
