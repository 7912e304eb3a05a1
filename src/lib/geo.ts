/** Great-circle geometry on the WGS 84 sphere approximation (enough for "distance in km" to a place). */

export const RAYON_TERRE_KM = 6371.0088;

export function distanceKm(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const r = Math.PI / 180;
  const dLat = (lat2 - lat1) * r;
  const dLon = (lon2 - lon1) * r;
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * r) * Math.cos(lat2 * r) * Math.sin(dLon / 2) ** 2;
  return 2 * RAYON_TERRE_KM * Math.asin(Math.min(1, Math.sqrt(a)));
}

/** The lon/lat box holding every point within `km` of (lat, lon); minLon > maxLon when it wraps. */
export function boiteAutour(lat: number, lon: number, km: number): [number, number, number, number] {
  const dLat = (km / RAYON_TERRE_KM) * (180 / Math.PI);
  const minLat = Math.max(-90, lat - dLat);
  const maxLat = Math.min(90, lat + dLat);
  if (minLat <= -90 || maxLat >= 90) return [-180, minLat, 180, maxLat];
  const cosMax = Math.min(Math.cos(minLat * (Math.PI / 180)), Math.cos(maxLat * (Math.PI / 180)));
  const dLon = Math.asin(Math.min(1, Math.sin(km / RAYON_TERRE_KM) / Math.max(cosMax, 1e-9))) * (180 / Math.PI);
  if (dLon >= 180 || km / RAYON_TERRE_KM >= Math.PI / 2) return [-180, minLat, 180, maxLat];
  let minLon = lon - dLon;
  let maxLon = lon + dLon;
  if (minLon < -180) minLon += 360;
  if (maxLon > 180) maxLon -= 360;
  return [minLon, minLat, maxLon, maxLat];
}

/**
 * Points as unit vectors of the sphere: the squared chord between two of them, |a − b|², grows with their
 * great-circle distance and costs three multiplications where the haversine costs five trigonometric calls (a
 * 10 km circle around Paris holds ≈ 60,000 of 1 M places, each tested). `(x, y, z)` of (lat, lon) in degrees.
 */
export function vecteurUnitaire(lat: number, lon: number, sortie: Float64Array, i: number): void {
  const r = Math.PI / 180;
  const c = Math.cos(lat * r);
  sortie[i] = c * Math.cos(lon * r);
  sortie[i + 1] = c * Math.sin(lon * r);
  sortie[i + 2] = Math.sin(lat * r);
}

/**
 * The squared chord of a great-circle distance in km (the circle's bound, for one query). Infinite from half the
 * circumference on: the antipode's chord, 2, can compute as 4.000000000000001 and would be left out.
 */
export function corde2DeKm(km: number): number {
  if (km / RAYON_TERRE_KM >= Math.PI) return Number.POSITIVE_INFINITY;
  const demi = Math.sin(km / RAYON_TERRE_KM / 2);
  return 4 * demi * demi;
}

/** The great-circle distance of a squared chord: the same value as distanceKm (haversine: sin²(θ/2) = corde²/4). */
export function kmDeCorde2(c2: number): number {
  return 2 * RAYON_TERRE_KM * Math.asin(Math.min(1, Math.sqrt(c2) / 2));
}
