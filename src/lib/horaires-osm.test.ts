import assert from 'node:assert/strict';
import { test } from 'node:test';
import opening_hours from 'opening_hours';
import { HorairesInvalides, horairesOsm } from './horaires-osm.ts';

test('day-by-day French hours become valid, grouped OSM syntax', () => {
  const osm = horairesOsm({ Mo: '9h-12h, 14h-17h', Tu: '09:00-12:00 et 14:00 - 17:00', We: '9h - 12h/14h-17h', Th: '9h-12h,14h-17h', Fr: '9h-12h, 14h-17h', Sa: '9h30-12h' });
  assert.equal(osm, 'Mo-Fr 09:00-12:00,14:00-17:00; Sa 09:30-12:00');
  assert.doesNotThrow(() => new opening_hours(osm!));
  assert.equal(horairesOsm({ Mo: '10h-12h', We: '10h-12h' }), 'Mo 10:00-12:00; We 10:00-12:00', 'a closed day breaks the group');
  assert.equal(horairesOsm({}), null);
  assert.throws(() => horairesOsm({ Tu: 'le matin' }), (e) => e instanceof HorairesInvalides && e.jour === 'Tu');
  assert.throws(() => horairesOsm({ Fr: '14h-9h' }), HorairesInvalides);
  assert.throws(() => horairesOsm({ Fr: '25h-26h' }), HorairesInvalides);
});
