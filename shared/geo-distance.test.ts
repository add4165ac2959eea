import { describe, expect, it } from 'vitest';
import { distanceMetres } from './geo-distance';

describe('distanceMetres', () => {
  it('is zero for the same point', () => {
    expect(distanceMetres(48.8584, 2.2945, 48.8584, 2.2945)).toBe(0);
  });

  it('gives one degree of latitude as about 111.2 km (2πR/360)', () => {
    expect(distanceMetres(0, 0, 1, 0)).toBeCloseTo(111_195, -1);
  });

  it('matches the published Paris–London great-circle distance (about 343.5 km)', () => {
    // Notre-Dame (48.8530, 2.3499) to Big Ben (51.5007, -0.1246), haversine on a 6371 km sphere.
    const d = distanceMetres(48.853, 2.3499, 51.5007, -0.1246);
    expect(d).toBeGreaterThan(340_000);
    expect(d).toBeLessThan(345_000);
  });

  it('shrinks a degree of longitude with the cosine of the latitude', () => {
    expect(distanceMetres(60, 0, 60, 1) / distanceMetres(0, 0, 0, 1)).toBeCloseTo(0.5, 3);
  });
});
