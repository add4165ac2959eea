/**
 * Setting up a live capture (DESIGN §1 step 2): a network for the phone, the interface to capture
 * on, the phone among the devices that joined — then Start. The leak feed, destinations and flows
 * fill in live in the workspace once capture starts.
 */
import { useCallback, useEffect, useState } from 'react';
import type { NetworkInterfaceInfo } from '../../../shared/live-types';
import { useActions, useSession, useStores, useUi } from '../app-context';
import { DevicePicker } from './DevicePicker';
import { HotspotPanel } from './HotspotPanel';

export function CaptureScreen() {
  const { listInterfaces, refreshHotspot, refreshDevices, startCapture } = useActions();
  const stores = useStores();
  const hotspot = useSession((s) => s.hotspot);
  const devices = useSession((s) => s.devices);
  const identifiers = useSession((s) => s.identifiers.length);
  const chosen = useUi((s) => s.captureInterface);
  const setChosen = useUi((s) => s.setCaptureInterface);
  const device = useUi((s) => s.captureDevice);
  const setDevice = useUi((s) => s.setCaptureDevice);
  const setScreen = useUi((s) => s.setScreen);
  const setTab = useUi((s) => s.setTab);
  const [interfaces, setInterfaces] = useState<NetworkInterfaceInfo[] | null>(null);
  const [starting, setStarting] = useState(false);

  const reload = useCallback(async () => {
    const list = await listInterfaces();
    setInterfaces(list ?? []);
  }, [listInterfaces]);

  useEffect(() => {
    let live = true;
    void listInterfaces().then((list) => live && setInterfaces(list ?? []));
    void refreshHotspot();
    void refreshDevices();
    return () => {
      live = false;
    };
  }, [listInterfaces, refreshHotspot, refreshDevices]);

  // The hotspot's phone-side interface is where the phone's traffic is: preselect it.
  useEffect(() => {
    if (hotspot.state === 'up' && hotspot.interface && chosen === null) setChosen(hotspot.interface);
  }, [hotspot.state, hotspot.interface, chosen, setChosen]);

  const usable = (interfaces ?? []).filter((i) => i.kind !== 'loopback');
  const iface = chosen ?? null;
  const start = async () => {
    if (!iface) return;
    setStarting(true);
    await startCapture({ interface: iface, deviceMac: device });
    setStarting(false);
    const live = stores.session.getState().live.state;
    if (live === 'capturing' || live === 'starting') {
      setTab('leaks');
      setScreen('workspace');
    }
  };

  return (
    <main className="workspace capture-screen" data-testid="capture-screen">
      <div className="capture-head">
        <h1>Capture a phone's traffic</h1>
        <span className="spacer" />
        <button type="button" onClick={() => setScreen('workspace')} data-testid="capture-close">
          Back
        </button>
      </div>
      <div className="capture-columns">
        <HotspotPanel interfaces={usable} />
        <section className="capture-section" data-testid="interface-picker">
          <h2>2. Where to capture</h2>
          {interfaces === null && <p className="muted">Looking for network interfaces…</p>}
          {interfaces !== null && usable.length === 0 && (
            <p className="muted" data-testid="interfaces-empty">
              No network interface found besides loopback. Plug in the Wi-Fi card or the cable, then{' '}
              <button type="button" className="link-button inline" onClick={() => void reload()}>
                look again
              </button>
              .
            </p>
          )}
          <ul className="interface-list" role="radiogroup" aria-label="Interface">
            {usable.map((i) => (
              <li key={i.name}>
                <label
                  className={iface === i.name ? 'interface-row picked' : 'interface-row'}
                  data-testid="interface-row"
                  data-name={i.name}
                >
                  <input
                    type="radio"
                    name="interface"
                    checked={iface === i.name}
                    onChange={() => setChosen(i.name)}
                    data-testid="interface-pick"
                  />
                  <span className="device-main">
                    <strong className="mono">{i.name}</strong>
                    <span className="badge">{i.kind}</span>
                    {!i.up && <span className="badge warning">down</span>}
                    {hotspot.interface === i.name && hotspot.state === 'up' && (
                      <span className="badge sample">hotspot</span>
                    )}
                  </span>
                  <span className="device-detail muted">
                    {i.addresses.join(', ') || 'no address'}
                    {i.mac && <> · {i.mac}</>}
                  </span>
                </label>
              </li>
            ))}
          </ul>
          {usable.length > 0 && (
            <button
              type="button"
              className="link-button"
              onClick={() => void reload()}
              data-testid="interfaces-reload"
            >
              Look again
            </button>
          )}
        </section>
        <DevicePicker devices={devices} picked={device} onPick={setDevice} />
        <section className="capture-section capture-start">
          <h2>4. Start</h2>
          {identifiers === 0 && (
            <p className="field-error" data-testid="capture-no-identifiers">
              No identifiers entered yet: leaks can only be found for values in the Identifiers panel. Add
              them now or while capturing.
            </p>
          )}
          <p className="muted">
            {iface
              ? device
                ? `Captures only ${device}'s traffic on ${iface}.`
                : `Captures everything on ${iface}.`
              : 'Pick an interface first.'}{' '}
            The capture is saved as pcapng as it runs; use the phone and mark what you do with “I just did…”.
          </p>
          <button
            type="button"
            className="primary large"
            disabled={!iface || starting}
            onClick={() => void start()}
            data-testid="start-capture"
          >
            {starting ? 'Starting…' : 'Start capturing'}
          </button>
        </section>
      </div>
    </main>
  );
}
