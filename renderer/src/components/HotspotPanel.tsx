/**
 * Start a hotspot for the phone to join, or use one the system already shares: the provider and
 * interfaces, what each provider still needs (prerequisites, as sentences saying what to do),
 * and the hotspot's state with the services' guidance on how to join it.
 */
import { useState, type FormEvent } from 'react';
import type { HotspotProviderName, NetworkInterfaceInfo } from '../../../shared/live-types';
import { useActions, useSession } from '../app-context';

const PROVIDERS: { name: HotspotProviderName; label: string; wifi: boolean }[] = [
  { name: 'networkmanager', label: 'Wi-Fi hotspot (NetworkManager)', wifi: true },
  { name: 'hostapd', label: 'Wi-Fi hotspot (hostapd + dnsmasq)', wifi: true },
  { name: 'wired-share', label: 'Share over a USB or Ethernet cable', wifi: false },
  { name: 'existing', label: 'A hotspot the system already shares', wifi: false },
];

export function HotspotPanel({ interfaces }: { interfaces: readonly NetworkInterfaceInfo[] }) {
  const hotspot = useSession((s) => s.hotspot);
  const { hotspotUp, hotspotDown } = useActions();
  // Until the user picks one: a Wi-Fi hotspot when a card could host it, else sharing over a cable.
  const [picked, setProvider] = useState<HotspotProviderName | null>(null);
  const provider: HotspotProviderName =
    picked ?? (interfaces.some((i) => i.kind === 'wifi' || i.apCapable) ? 'networkmanager' : 'wired-share');
  const [iface, setIface] = useState('');
  const [upstream, setUpstream] = useState('');
  const [ssid, setSsid] = useState('phonehome');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const wifi = PROVIDERS.find((p) => p.name === provider)?.wifi ?? false;
  const candidates = interfaces.filter(
    (i) => i.kind !== 'loopback' && (!wifi || i.kind === 'wifi' || i.apCapable),
  );
  const chosen = iface || candidates[0]?.name || '';
  const up = hotspot.state === 'up' || hotspot.state === 'starting';
  const shortPassword = wifi && password.length > 0 && password.length < 8;

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    if (!chosen) return;
    setBusy(true);
    await hotspotUp({
      provider,
      interface: chosen,
      upstream: upstream || null,
      ...(wifi ? { ssid, password: password || undefined } : {}),
    });
    setBusy(false);
  };

  return (
    <section className="capture-section" data-testid="hotspot-panel" data-state={hotspot.state}>
      <h2>1. A network for the phone</h2>
      {up ? (
        <div className="hotspot-up" data-testid="hotspot-status">
          <p>
            <strong>{hotspot.state === 'starting' ? 'Starting the hotspot…' : 'Hotspot up'}</strong> on{' '}
            <span className="mono">{hotspot.interface}</span>
            {hotspot.ssid && (
              <>
                , network name <strong>{hotspot.ssid}</strong>
              </>
            )}
            {hotspot.gateway && (
              <>
                , gateway <span className="mono">{hotspot.gateway}</span>
              </>
            )}
            .
          </p>
          {hotspot.guidance && <p className="muted">{hotspot.guidance}</p>}
          <button
            type="button"
            disabled={busy || hotspot.state !== 'up'}
            data-testid="hotspot-down"
            onClick={() => {
              setBusy(true);
              void hotspotDown().then(() => setBusy(false));
            }}
          >
            Stop the hotspot
          </button>
        </div>
      ) : (
        <form className="capture-form" onSubmit={(e) => void onSubmit(e)}>
          <p className="muted">
            Let the phone join a network this computer controls, or skip this and capture on an interface the
            phone's traffic already crosses.
          </p>
          <label>
            How
            <select
              value={provider}
              data-testid="hotspot-provider"
              onChange={(e) => setProvider(e.target.value as HotspotProviderName)}
            >
              {PROVIDERS.map((p) => (
                <option key={p.name} value={p.name}>
                  {p.label}
                </option>
              ))}
            </select>
          </label>
          <label>
            Phone side
            <select value={chosen} data-testid="hotspot-interface" onChange={(e) => setIface(e.target.value)}>
              {candidates.length === 0 && <option value="">No suitable interface</option>}
              {candidates.map((i) => (
                <option key={i.name} value={i.name}>
                  {i.name} ({i.kind}
                  {i.apCapable ? ', can be an access point' : ''})
                </option>
              ))}
            </select>
          </label>
          {provider !== 'existing' && (
            <label>
              Internet from
              <select
                value={upstream}
                data-testid="hotspot-upstream"
                onChange={(e) => setUpstream(e.target.value)}
              >
                <option value="">None (isolated)</option>
                {interfaces
                  .filter((i) => i.name !== chosen && i.kind !== 'loopback')
                  .map((i) => (
                    <option key={i.name} value={i.name}>
                      {i.name}
                    </option>
                  ))}
              </select>
            </label>
          )}
          {wifi && (
            <>
              <label>
                Network name
                <input
                  value={ssid}
                  maxLength={32}
                  onChange={(e) => setSsid(e.target.value)}
                  data-testid="hotspot-ssid"
                />
              </label>
              <label>
                Password
                <input
                  type="password"
                  value={password}
                  placeholder="8 characters or more; empty for an open network"
                  aria-invalid={shortPassword}
                  onChange={(e) => setPassword(e.target.value)}
                  data-testid="hotspot-password"
                />
              </label>
              {shortPassword && (
                <div className="field-error">A Wi-Fi password needs at least 8 characters.</div>
              )}
            </>
          )}
          <div>
            <button
              type="submit"
              className="primary"
              disabled={busy || !chosen || shortPassword}
              data-testid="hotspot-up"
            >
              {provider === 'existing' ? 'Use this hotspot' : 'Start the hotspot'}
            </button>
          </div>
        </form>
      )}
      {hotspot.error && (
        <div className="banner error inline" role="alert" data-testid="hotspot-error">
          {hotspot.error}
        </div>
      )}
      {hotspot.prerequisites.length > 0 && (
        <ul className="prerequisites" data-testid="prerequisites">
          {hotspot.prerequisites.map((p) => (
            <li key={p.name} className={p.ok ? 'ok' : 'missing'} data-testid="prerequisite" data-ok={p.ok}>
              <span className="prereq-mark" aria-hidden="true">
                {p.ok ? '✓' : '✗'}
              </span>
              <span>
                <strong>{p.name}</strong> — {p.message}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
