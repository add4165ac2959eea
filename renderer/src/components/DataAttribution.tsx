/**
 * The credit the country and AS data asks for (build/data/NOTICE): CC BY 4.0 for the AS data,
 * and DB-IP's requested link on every page that shows its results. Shown under the views that
 * display country or network.
 */
export function DataAttribution() {
  return (
    <p className="data-attribution" data-testid="data-attribution">
      Country and network: ip-location-db (CC0; NRO data, CC BY 4.0) and its AS data from RouteViews, the NRO
      and{' '}
      <a href="https://db-ip.com" target="_blank" rel="noreferrer noopener">
        IP Geolocation by DB-IP
      </a>{' '}
      (CC BY 4.0).
    </p>
  );
}
