/**
 * The founding case, live, in the lab (DESIGN §6): PhoneHome's wired-share hotspot gives the
 * phone its address, `phonehome capture` listens on the laptop's phone-side interface, and the
 * phone simulator boots, texts, logs in, and opens TLS, QUIC and XMPP sessions over real sockets.
 * The CLI must print each leak (right identifier, host, frames) within 1 s of the send, and the
 * saved pcapng must be one tshark reads cleanly, whose frames tshark itself dissects the same
 * way (request frames, SNI of TLS and of the decrypted QUIC Initial, the DHCP hostname).
 * Needs root, iproute2, udhcpc, openssl and tshark; skipped with the reason otherwise.
 */
import { spawnSync } from 'node:child_process';
import { tsharkFields } from '../support/tshark-fields';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLab, labUnavailable, type Lab } from './lab';
import { LabCapture, type CaptureLine } from './lab-capture';
import {
  FOUNDING_CASE,
  FOUNDING_CASE_IDS_FILE,
  LAB_HOSTS,
  PHONE_HOSTNAME,
  PHONE_MAC,
  PORTS,
  type PhoneCommand,
} from './lab-network';
import type { PhoneSend } from './phone-control';

const hasTshark = spawnSync('tshark', ['-v'], { stdio: 'ignore' }).status === 0;
const unavailable = labUnavailable() ?? (hasTshark ? null : 'the lab test needs tshark');

/** tshark prints this warning whenever it runs as root; anything else on stderr is about the file. */
const complaints = (stderr: string) =>
  stderr.split('\n').filter((l) => l.trim() && !/Running as user "root"/.test(l));

describe.skipIf(unavailable !== null)(`the lab: the founding case live (${unavailable ?? 'root'})`, () => {
  let lab: Lab;
  let capture: LabCapture;
  const sends = new Map<PhoneCommand, PhoneSend[]>();
  let pcapng: string;
  let phoneTxBefore = 0;
  let phoneIp = '';

  beforeAll(async () => {
    const started = Date.now();
    lab = await createLab({ log: (l) => process.stderr.write(`lab: ${l}\n`) });
    pcapng = join(lab.dir, 'founding-case-live.pcapng');
    try {
      // Both start a PhoneHome CLI (seconds of start-up each), so they start together.
      [, capture] = await Promise.all([
        lab.hotspotUp(),
        LabCapture.start(lab, { ids: fileURLToPath(FOUNDING_CASE_IDS_FILE), write: pcapng }),
      ]);
      phoneTxBefore = lab.linkStats('phone', lab.ifs.phone).txPackets;
      // The phone joins after the capture started, so its DHCP exchange is in the file.
      phoneIp = (await lab.joinPhone()).ip;
      const phone = await lab.startPhone();
      process.stderr.write(`lab: up, hotspot, capture and phone in ${Date.now() - started} ms\n`);
      for (const command of ['boot', 'sms', 'login', 'tls', 'quic', 'xmpp'] as const) {
        sends.set(command, await phone.run(command));
      }
      await phone.quit();
    } catch (err) {
      throw new Error(`${(err as Error).message}\n${lab.diagnostics()}`);
    }
  }, 120_000);

  afterAll(async () => {
    await lab?.teardown();
  }, 60_000);

  const send = (command: PhoneCommand, what: string): PhoneSend => {
    const s = sends.get(command)?.find((x) => x.what === what);
    if (!s) throw new Error(`the phone's "${command}" made no ${what}`);
    return s;
  };
  const latencies: { what: string; ms: number }[] = [];

  /** The first line of a leak (later lines with the same leakId only grow it). */
  async function leak(
    kind: string,
    label: string,
    test: (r: Record<string, unknown>) => boolean,
    sentBy: PhoneSend,
  ): Promise<CaptureLine> {
    const line = await capture.waitFor(
      (r) => r.type === 'leak' && r.kind === kind && r.label === label && test(r),
      5000,
      `a ${kind} leak (${label})`,
    );
    const ms = line.at - sentBy.sentAt;
    latencies.push({ what: `${kind} (${label}) via ${String(line.record.protocol)}`, ms });
    return line;
  }

  it('prints the founding case leaks with host, place and frames, each within 1 s of the send', async () => {
    const boot = send('boot', 'http-post');
    const api = `${LAB_HOSTS['api.account.xiaomi.com']}:${PORTS.http}`;
    const fromPhone = (r: Record<string, unknown>) => String(r.client).startsWith(`${phoneIp}:`);

    const imei = await leak('imei', 'RedMi 1S IMEI', (r) => r.protocol === 'http', boot);
    expect(imei.record).toMatchObject({
      host: 'api.account.xiaomi.com',
      server: api,
      where: 'body',
      direction: 'out',
    });
    expect(fromPhone(imei.record)).toBe(true);
    // The phone cut its POST inside the IMEI: two segments carry it.
    expect((imei.record.frames as number[]).length).toBe(2);
    const own = await leak('phone', "phone's own number", () => true, boot);
    expect(own.record).toMatchObject({
      host: 'api.account.xiaomi.com',
      server: api,
      where: 'body',
      protocol: 'http',
    });
    const carrier = await leak('carrier', 'SIM carrier', () => true, boot);
    expect(carrier.record).toMatchObject({ host: 'api.account.xiaomi.com', server: api, protocol: 'http' });

    const contact = await leak('phone', 'contact: Li Wei', () => true, send('sms', 'http-post'));
    expect(contact.record).toMatchObject({
      host: 'api.account.xiaomi.com',
      server: api,
      where: 'body',
      protocol: 'http',
    });

    const imsi = await leak('imsi', 'SIM IMSI', () => true, send('login', 'http-get'));
    expect(imsi.record).toMatchObject({
      host: 'account.xiaomi.com',
      server: `${LAB_HOSTS['account.xiaomi.com']}:${PORTS.http}`,
      where: 'query',
      protocol: 'http',
    });

    const xmpp = await leak(
      'imei',
      'RedMi 1S IMEI',
      (r) => r.protocol === 'xmpp',
      send('xmpp', 'xmpp-message'),
    );
    expect(xmpp.record).toMatchObject({
      encoding: 'md5-hex',
      server: `${LAB_HOSTS['app.chat.xiaomi.net']}:${PORTS.xmpp}`,
      host: 'app.chat.xiaomi.net',
      transport: 'tcp',
    });

    // Leak lines mask every value they report (HTTP records print the request URI as sent).
    const printed = JSON.stringify(
      capture
        .lines()
        .filter((l) => l.record.type === 'leak')
        .map((l) => l.record),
    );
    for (const value of [FOUNDING_CASE.imei, FOUNDING_CASE.imsi, '13800138000', '13912345678']) {
      expect(printed).not.toContain(value);
    }
    process.stderr.write(
      `lab: send → leak line latency: ${latencies.map((l) => `${l.what} ${l.ms} ms`).join(', ')}\n`,
    );
    for (const l of latencies) expect(l.ms, l.what).toBeLessThan(1000);
  });

  it('prints DNS answers and the TLS and QUIC SNI', async () => {
    // The phone asked the resolver its DHCP lease named: the hotspot's dnsmasq.
    const resolver = `${lab.lease!.dns[0]}:${PORTS.dns}`;
    const query = await capture.waitFor(
      (r) => r.type === 'dns' && r.qname === 'api.account.xiaomi.com' && r.response === false,
      5000,
      'the DNS query for api.account.xiaomi.com',
    );
    expect(query.record).toMatchObject({ server: resolver, qtype: 'A' });
    expect(String(query.record.client).startsWith(`${phoneIp}:`)).toBe(true);
    const answer = await capture.waitFor(
      (r) => r.type === 'dns' && r.id === query.record.id && r.response === true,
      5000,
      'the DNS answer for api.account.xiaomi.com',
    );
    // A response's endpoints are its sender and receiver: the same two, swapped.
    expect(answer.record).toMatchObject({
      client: query.record.server,
      server: query.record.client,
      qname: 'api.account.xiaomi.com',
      rcode: 'NOERROR',
      answers: [LAB_HOSTS['api.account.xiaomi.com']],
    });
    const tls = await capture.waitFor(
      (r) => r.type === 'tls' && r.transport === 'tcp',
      5000,
      'a TLS ClientHello',
    );
    expect(tls.record).toMatchObject({
      sni: 'account.xiaomi.com',
      alpn: ['http/1.1'],
      server: `${LAB_HOSTS['account.xiaomi.com']}:${PORTS.tls}`,
    });
    const quic = await capture.waitFor(
      (r) => r.type === 'tls' && r.transport === 'quic',
      5000,
      'a QUIC ClientHello',
    );
    expect(quic.record).toMatchObject({
      sni: 'www.google.com',
      alpn: ['h3'],
      server: `${LAB_HOSTS['www.google.com']}:${PORTS.quic}`,
    });
  });

  it('saves a pcapng that tshark reads cleanly, with the frames the CLI reported', async () => {
    // Everything the phone sent is through once the kernel's counter stops moving.
    let tx = lab.linkStats('phone', lab.ifs.phone).txPackets;
    for (;;) {
      await new Promise((r) => setTimeout(r, 300));
      const now = lab.linkStats('phone', lab.ifs.phone).txPackets;
      if (now === tx) break;
      tx = now;
    }
    const phoneSent = tx - phoneTxBefore;
    const lines = capture.lines();
    const { code, summary } = await capture.stop();
    expect(code).toBe(0);
    expect(summary, 'the CLI ends with a summary line').not.toBeNull();

    const read = spawnSync('tshark', ['-r', pcapng, '-n', '-T', 'fields', '-e', 'frame.number'], {
      encoding: 'utf8',
    });
    expect(read.status).toBe(0);
    expect(complaints(read.stderr)).toEqual([]);
    const frames = read.stdout.split('\n').filter(Boolean).length;
    expect(frames).toBe(summary!.packets);
    expect(frames).toBeGreaterThanOrEqual(phoneSent);
    process.stderr.write(`lab: ${frames} frames captured; the phone sent ${phoneSent} packets\n`);

    // tshark, as an independent dissector, puts the same things in the same frames.
    const leakOf = (kind: string, protocol: string) =>
      lines.find((l) => l.record.type === 'leak' && l.record.kind === kind && l.record.protocol === protocol)!
        .record;
    const posts = tsharkFields(pcapng, 'http.request.method == "POST"', ['frame.number', 'http.request.uri']);
    const activation = posts.find(([, uri]) => uri === '/pass/v2/activation/report');
    expect(activation, 'tshark sees the activation POST').toBeDefined();
    expect(leakOf('imei', 'http').frame).toBe(Number(activation![0]));
    const gets = tsharkFields(pcapng, 'http.request.method == "GET"', ['frame.number', 'http.request.uri']);
    expect(leakOf('imsi', 'http').frame).toBe(Number(gets.find(([, uri]) => uri.includes('imsi='))![0]));

    const hellos = tsharkFields(pcapng, 'tls.handshake.type == 1', [
      'frame.number',
      'tls.handshake.extensions_server_name',
      'quic.version',
    ]);
    const tlsRecords = lines.filter((l) => l.record.type === 'tls').map((l) => l.record);
    const tcpHello = hellos.find(([, sni, quic]) => sni === 'account.xiaomi.com' && !quic);
    const quicHello = hellos.find(([, sni, quic]) => sni === 'www.google.com' && quic);
    expect(tcpHello, 'tshark sees the TLS ClientHello').toBeDefined();
    expect(quicHello, 'tshark decrypts the QUIC Initial and sees its ClientHello').toBeDefined();
    expect(tlsRecords.find((r) => r.transport === 'tcp')!.frame).toBe(Number(tcpHello![0]));
    expect(tlsRecords.find((r) => r.transport === 'quic')!.frame).toBe(Number(quicHello![0]));

    const dhcp = tsharkFields(pcapng, `dhcp.option.hostname == "${PHONE_HOSTNAME}"`, ['eth.src']);
    expect(dhcp.length, "the phone's DHCP exchange is in the file").toBeGreaterThan(0);
    expect(dhcp[0][0]).toBe(PHONE_MAC);
  });

  it("lists the phone with its MAC and DHCP hostname among the hotspot's devices", async () => {
    const devices = await lab.hotspotDevices();
    const phone = devices.find((d) => d.mac.toLowerCase() === PHONE_MAC);
    expect(phone, `the phone in ${JSON.stringify(devices)}`).toBeDefined();
    expect(phone!.hostname).toBe(PHONE_HOSTNAME);
    expect(phone!.ipv4).toContain(phoneIp);
    // Where the engine reports devices too, its record names the phone the same way.
    const records = capture.lines().filter((l) => l.record.type === 'device' && l.record.mac === PHONE_MAC);
    for (const r of records.slice(-1)) expect(r.record.hostname).toBe(PHONE_HOSTNAME);
  });
});
