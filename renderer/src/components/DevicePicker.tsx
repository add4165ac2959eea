/**
 * The devices on the hotspot as they join (DHCP leases merged with what the capture saw): MAC,
 * maker or "randomised MAC", hostname, addresses. The reporter picks the phone; capturing only
 * its traffic keeps the laptop's own out of the story.
 */
import { useMacMask } from './useMacMask';
import type { DeviceInfo } from '../../../shared/live-types';
import { deviceName, deviceVendor } from '../lib/device';
import { formatBytes, formatTime, toMillis } from '../lib/format';

interface Props {
  devices: readonly DeviceInfo[];
  picked: string | null;
  onPick: (mac: string | null) => void;
}

export function DevicePicker({ devices, picked, onPick }: Props) {
  const maskMac = useMacMask();
  return (
    <section className="capture-section" data-testid="device-picker">
      <h2>3. The phone</h2>
      {devices.length === 0 ? (
        <p className="muted" data-testid="devices-empty">
          No device has joined yet. Connect the phone to the hotspot (or plug in the cable); it appears here
          as soon as it asks for an address.
        </p>
      ) : (
        <p className="muted">Pick the phone, so only its traffic is captured.</p>
      )}
      <ul className="device-list" role="radiogroup" aria-label="Device">
        {devices.map((d) => (
          <li key={d.mac}>
            <label
              className={picked === d.mac ? 'device-row picked' : 'device-row'}
              data-testid="device-row"
              data-mac={d.mac}
            >
              <input
                type="radio"
                name="device"
                checked={picked === d.mac}
                onChange={() => onPick(d.mac)}
                data-testid="device-pick"
              />
              <span className="device-main">
                <strong>{deviceName(d)}</strong>
                <span className="mono">{maskMac(d.mac)}</span>
                <span className={d.randomized ? 'badge warning' : 'badge'}>{deviceVendor(d)}</span>
              </span>
              <span className="device-detail muted">
                {d.hostname && <>hostname {d.hostname} · </>}
                {[...d.ipv4, ...d.ipv6].join(', ') || 'no address yet'}
                {d.bytes > 0 && <> · {formatBytes(d.bytes)}</>} · last seen{' '}
                {formatTime(toMillis(d.lastSeen) / 1000).slice(0, 8)}
              </span>
            </label>
          </li>
        ))}
        <li>
          <label className={picked === null ? 'device-row picked' : 'device-row'} data-testid="device-any">
            <input type="radio" name="device" checked={picked === null} onChange={() => onPick(null)} />
            <span className="device-main">
              <strong>Every device on the interface</strong>
            </span>
            <span className="device-detail muted">
              No filter: the laptop's own traffic on it is captured too.
            </span>
          </label>
        </li>
      </ul>
    </section>
  );
}
