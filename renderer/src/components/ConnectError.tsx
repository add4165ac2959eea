/** Shown when the bridge to the services cannot be opened at all. */
export function ConnectError({ message }: { message: string }) {
  return (
    <div className="empty-screen" data-testid="connect-error">
      <div className="empty-card">
        <h1>PhoneHome cannot reach its service</h1>
        <p className="lead">{message}</p>
        <p className="muted">
          In web mode, open the exact address that <code>phonehome serve</code> printed (it carries an access
          token).
        </p>
      </div>
    </div>
  );
}
