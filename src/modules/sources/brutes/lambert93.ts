/**
 * Lambert-93 (EPSG:2154, metres) → WGS84 latitude/longitude, by the inverse of the conic projection with the
 * constants IGN publishes for Lambert-93 (GRS80 ellipsoid; RGF93 and WGS84 agree within a metre).
 * Some producers (Maine-et-Loire) publish x/y in Lambert-93 with French decimal commas.
 */
const N = 0.725607765053267;
const C = 11_754_255.426096;
const XS = 700_000;
const YS = 12_655_612.049876;
const LAMBDA0 = (3 * Math.PI) / 180;
const E = 0.0818191910428158;

export function lambert93VersWgs84(x: number, y: number): { latitude: number; longitude: number } {
  const dx = x - XS;
  const dy = y - YS;
  const r = Math.sqrt(dx * dx + dy * dy);
  const gamma = Math.atan(dx / -dy);
  const longitude = LAMBDA0 + gamma / N;
  const latIso = -Math.log(Math.abs(r / C)) / N;
  let phi = 2 * Math.atan(Math.exp(latIso)) - Math.PI / 2;
  for (let i = 0; i < 12; i++) {
    const s = E * Math.sin(phi);
    phi = 2 * Math.atan(((1 + s) / (1 - s)) ** (E / 2) * Math.exp(latIso)) - Math.PI / 2;
  }
  const arrondi = (v: number) => Math.round(((v * 180) / Math.PI) * 1e6) / 1e6;
  return { latitude: arrondi(phi), longitude: arrondi(longitude) };
}
