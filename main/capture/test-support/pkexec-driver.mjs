// Test support, run as an unprivileged user inside polkit-sandbox.sh: a capture through the real
// pkexec backend on the loopback interface, with datagrams sent to it, stopped the way the app
// stops it (closing the helper's stdin). Prints one JSON line: what it captured, or the error the
// user would see. Usage: node pkexec-driver.mjs LAUNCHER OUT.pcapng PORT COUNT
import { createSocket } from 'node:dgram';
import { tsImport } from 'tsx/esm/api';

const [launcher, out, port, count] = process.argv.slice(2);
const { startCaptureProcess } = await tsImport('../capture-process.ts', import.meta.url);
const { pkexecBackend } = await tsImport('../pkexec-backend.ts', import.meta.url);

const print = (value) => process.stdout.write(`${JSON.stringify(value)}\n`);
let capture;
try {
  capture = await startCaptureProcess({
    backend: pkexecBackend(launcher, '/usr/bin/pkexec'),
    interfaceName: 'lo',
    filter: `udp port ${port}`,
    bufferMb: 2,
    writePath: out,
    onData: () => undefined,
  });
} catch (err) {
  print({ error: err.message, uid: process.getuid() });
  process.exit(0);
}
const socket = createSocket('udp4');
for (let i = 0; i < Number(count); i++) {
  await new Promise((resolve) => socket.send(`datagram ${i}`, Number(port), '127.0.0.1', resolve));
}
socket.close();
const deadline = Date.now() + 5000;
while (capture.packets < Number(count) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
const result = await capture.stop();
print({ uid: process.getuid(), linkType: capture.linkType, ...result });
