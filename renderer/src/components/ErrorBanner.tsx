/** The last error, in words that say what happened and what to do. */
import { useActions, useSession } from '../app-context';

export function ErrorBanner() {
  const error = useSession((s) => s.error);
  const inputError = useSession((s) => s.summary?.inputError);
  const { dismissError } = useActions();
  return (
    <>
      {error && (
        <div className="banner error" role="alert" data-testid="error-banner">
          <span className="banner-text">{error}</span>
          <button
            type="button"
            className="icon-button"
            aria-label="Dismiss"
            onClick={dismissError}
            data-testid="error-dismiss"
          >
            ×
          </button>
        </div>
      )}
      {inputError && (
        <div className="banner warning" data-testid="input-warning">
          <span className="banner-text">
            The capture could not be read to the end: {inputError}. What was read before that point is shown.
          </span>
        </div>
      )}
    </>
  );
}
