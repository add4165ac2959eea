/**
 * Great-circle distance between two positions, for deciding whether a position a phone sent is
 * the reporter's location (within the identifier's radius). The haversine formula on a sphere
 * of the mean Earth radius is within 0.5% of the ellipsoid, far inside any radius that matters.
 */

const EARTH_RADIUS_M = 6_371_008.8;

function radians(deg: number): number {
  return (deg * Math.PI) / 180;
}

/** Metres between (lat1, lon1) and (lat2, lon2), in decimal degrees. */
export function distanceMetres(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const dLat = radians(lat2 - lat1);
  const dLon = radians(lon2 - lon1);
  const h =
    Math.sin(dLat / 2) ** 2 + Math.cos(radians(lat1)) * Math.cos(radians(lat2)) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}
