/**
 * Packet-derived bytes are hostile. A capture whose HTTP request carries markup and script in its
 * Host header, URI and body — and an identifier, so it shows up as a leak — must be shown as
 * text in every view, and nothing in it may run or load.
 */
import { expect, test } from '@playwright/test';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { enhancedPacket, interfaceDescription, sectionHeader } from '../main/engine/pcap/pcapng-writer';
import { Clock, concat, te, TcpConnection, type Frame } from './fixtures/lib/packet-builder';
import { startServe, type ServeHandle } from './support/serve';

const IMEI = '865301020304057';
const SCRIPT = '<script>window.__pwned = 1</script>';
const IMG = '<img src=x onerror="window.__pwned = 2">';

function hostileCapture(dir: string): { pcap: string; ids: string } {
  const frames: Frame[] = [];
  const body = `${SCRIPT}${IMG}&imei=${IMEI}`;
  const request =
    // A request line has no spaces inside the URI, so its markup uses slashes instead.
    `POST /<svg/onload=alert(1)>?q=<img/src=x/onerror=alert(2)> HTTP/1.1\r\nHost: <b>evil</b>.example\r\n` +
    `Content-Length: ${body.length}\r\n\r\n${body}`;
  new TcpConnection(
    frames,
    new Clock(1_700_000_000),
    { mac: '02:00:00:00:00:02', ip: '192.0.2.2' },
    { mac: '02:00:00:00:00:01', ip: '192.0.2.1' },
    '198.51.100.66',
    40000,
    80,
  )
    .handshake()
    .send(true, te.encode(request))
    .close();
  const blocks = [sectionHeader({}), interfaceDescription({ linkType: 1, snapLen: 65535, tsResolNs: true })];
  for (const f of frames) {
    blocks.push(
      enhancedPacket(
        { interfaceId: 0, tsSec: f.tsSec, tsNsec: f.tsNsec, data: f.data, origLen: f.data.length },
        1e9,
      ),
    );
  }
  const pcap = join(dir, 'hostile.pcapng');
  const ids = join(dir, 'hostile.ids.json');
  writeFileSync(pcap, concat(...blocks));
  writeFileSync(ids, JSON.stringify({ identifiers: [{ kind: 'imei', value: IMEI, label: 'imei' }] }));
  return { pcap, ids };
}

let serve: ServeHandle;
let dir: string;
test.afterEach(async () => {
  await serve?.stop();
  rmSync(dir, { recursive: true, force: true });
});

test('shows markup from packets as text and runs none of it', async ({ page }) => {
  dir = mkdtempSync(join(tmpdir(), 'phonehome-hostile-'));
  const { pcap, ids } = hostileCapture(dir);
  serve = await startServe(['--open', pcap, '--ids', ids]);
  const requests: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await page.goto(serve.url);

  const row = page.getByTestId('leak-card').first();
  await expect(row).toContainText('<b>evil</b>.example');
  await row.click();
  const evidence = page.getByTestId('evidence-view');
  await expect(evidence).toContainText(SCRIPT);
  await expect(evidence).toContainText(IMG);
  await expect(evidence.getByTestId('evidence-start-line')).toContainText('<svg/onload=alert(1)>');
  await evidence.getByTestId('evidence-flow').click();
  const view = page.getByTestId('flow-view');
  await expect(view).toContainText(SCRIPT);
  await expect(view).toContainText(IMG);
  await page.keyboard.press('p');
  await expect(page.getByTestId('presentation-destination')).toContainText('<b>evil</b>.example');
  await page.keyboard.press('Escape');
  await page.getByTestId('tab-destinations').click();
  await expect(page.getByTestId('dest-row').first()).toContainText('<b>evil</b>.example');

  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  expect(dialogs).toEqual([]);
  // No element came from the payload: no <b>, <svg> or <img src=x> in the document.
  expect(await page.locator('b, svg[onload], img[src="x"], img[onerror], script:not([src])').count()).toBe(0);
  // Nothing was fetched from a packet-derived address.
  expect(requests.filter((u) => u.includes('/x') || u.includes('evil'))).toEqual([]);
});
