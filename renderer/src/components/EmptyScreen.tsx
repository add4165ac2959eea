/** What a new user sees: what PhoneHome does and the ways to start. */
import { useActions, usePickFile, useSession, useUi } from '../app-context';

export function EmptyScreen() {
  const sampleAvailable = useSession((s) => s.sampleAvailable);
  const { openSample } = useActions();
  const pickFile = usePickFile();
  const setScreen = useUi((s) => s.setScreen);

  return (
    <div className="empty-screen" data-testid="empty-screen">
      <div className="empty-card">
        <h1>See what a phone tells its maker</h1>
        <p className="lead">
          PhoneHome reads a capture of a phone's network traffic and shows every place its identifiers — IMEI,
          phone number, MAC, advertising ID… — were sent, raw or encoded, and to whom.
        </p>
        <ol className="steps">
          <li>Type the phone's identifiers in the panel on the left.</li>
          <li>
            Capture the phone live through a hotspot on this computer, or open a pcap or pcapng capture of its
            traffic (tcpdump, Wireshark, PCAPdroid…).
          </li>
          <li>Click a leak to see the exact bytes that carried it.</li>
        </ol>
        <div className="empty-actions">
          <button
            type="button"
            className="primary large"
            onClick={() => setScreen('capture')}
            data-testid="start-live"
          >
            Capture a phone…
          </button>
          <button type="button" className="large" onClick={pickFile} data-testid="open-capture">
            Open a capture…
          </button>
          {sampleAvailable && (
            <button
              type="button"
              className="large"
              onClick={() => void openSample()}
              data-testid="try-sample"
            >
              Try the sample
            </button>
          )}
        </div>
        <div className="drop-hint" data-testid="drop-hint">
          or drop a .pcap / .pcapng file anywhere in this window
        </div>
      </div>
    </div>
  );
}
