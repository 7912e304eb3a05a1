// Enhancements only: every page is complete without this file (it is an ES module, so it runs deferred).
// Buttons that need JavaScript are rendered with `hidden` and shown here.

// « Autour de moi »: fill the hidden lat/lon fields of the search form with the browser's position.
for (const bouton of document.querySelectorAll('[data-geoloc]')) {
  if (!('geolocation' in navigator)) continue;
  bouton.hidden = false;
  bouton.addEventListener('click', () => {
    const form = bouton.closest('form');
    const statut = form.querySelector('[data-geoloc-statut]');
    statut.textContent = 'Recherche de votre position…';
    navigator.geolocation.getCurrentPosition(
      (p) => {
        form.querySelector('[name=lat]').value = p.coords.latitude.toFixed(5);
        form.querySelector('[name=lon]').value = p.coords.longitude.toFixed(5);
        const q = form.querySelector('[name=adresse]');
        if (q) q.value = '';
        form.submit();
      },
      () => { statut.textContent = 'Votre position n’est pas disponible : saisissez une commune ou un code postal.'; },
      { timeout: 10000, maximumAge: 300000 },
    );
  });
}

// Copy the share link.
for (const bouton of document.querySelectorAll('[data-copier]')) {
  if (!navigator.clipboard) continue;
  bouton.hidden = false;
  bouton.addEventListener('click', async () => {
    const statut = document.getElementById(bouton.getAttribute('aria-describedby') ?? '');
    try {
      await navigator.clipboard.writeText(bouton.dataset.copier);
      if (statut) statut.textContent = 'Lien copié.';
    } catch {
      if (statut) statut.textContent = 'La copie a échoué : sélectionnez le lien ci-dessus.';
    }
  });
}

for (const bouton of document.querySelectorAll('[data-imprimer]')) {
  bouton.hidden = false;
  bouton.addEventListener('click', () => window.print());
}

// The map: MapLibre (≈ 1.6 MB) is loaded only when asked for; the list above stays the main content.
const zone = document.querySelector('[data-carte]');
if (zone) {
  const bouton = document.querySelector('[data-carte-bouton]');
  bouton.hidden = false;
  bouton.addEventListener('click', async () => {
    bouton.disabled = true;
    const statut = document.querySelector('[data-carte-statut]');
    statut.textContent = 'Chargement de la carte…';
    try {
      const lien = document.createElement('link');
      lien.rel = 'stylesheet';
      lien.href = zone.dataset.maplibreCss;
      document.head.append(lien);
      const [maplibregl, donnees] = await Promise.all([
        import(zone.dataset.maplibreJs),
        fetch(zone.dataset.geojson).then((r) => { if (!r.ok) throw new Error(String(r.status)); return r.json(); }),
      ]);
      const lib = maplibregl.default ?? maplibregl;
      // The map shows one page of at most 100 places; the search may have found more.
      const total = donnees.total;
      // Only what the map needs; places without coordinates stay in the list only.
      donnees.features = (donnees.features ?? [])
        .filter((f) => f.geometry && f.geometry.type === 'Point')
        .map((f) => ({ type: 'Feature', geometry: f.geometry, properties: { uid: String(f.id ?? f.properties?.uid ?? ''), nom: f.properties?.nom ?? '' } }));
      zone.hidden = false;
      const carte = new lib.Map({ container: zone, style: zone.dataset.style, center: [2.5, 46.6], zoom: 5 });
      carte.addControl(new lib.NavigationControl());
      // Without its style (offline, blocked host) the map can never load: say so instead of spinning.
      let chargee = false;
      let abandonnee = false;
      carte.once('load', () => { chargee = true; });
      carte.on('error', () => {
        if (chargee || abandonnee) return;
        abandonnee = true;
        carte.remove();
        zone.hidden = true;
        statut.textContent = 'Le fond de carte n’est pas disponible. La liste des lieux reste complète.';
      });
      carte.on('load', () => {
        carte.addSource('lieux', { type: 'geojson', data: donnees, cluster: true, clusterRadius: 50 });
        carte.addLayer({ id: 'groupes', type: 'circle', source: 'lieux', filter: ['has', 'point_count'],
          paint: { 'circle-color': '#000091', 'circle-radius': ['step', ['get', 'point_count'], 14, 20, 18, 100, 24] } });
        carte.addLayer({ id: 'nombres', type: 'symbol', source: 'lieux', filter: ['has', 'point_count'],
          layout: { 'text-field': ['get', 'point_count_abbreviated'], 'text-size': 12 }, paint: { 'text-color': '#fff' } });
        carte.addLayer({ id: 'lieux', type: 'circle', source: 'lieux', filter: ['!', ['has', 'point_count']],
          paint: { 'circle-color': '#e1000f', 'circle-radius': 6, 'circle-stroke-width': 2, 'circle-stroke-color': '#fff' } });
        carte.on('click', 'lieux', (e) => {
          const f = e.features[0];
          const a = document.createElement('a');
          a.href = `/lieux/${encodeURIComponent(f.properties.uid)}`;
          a.textContent = f.properties.nom ?? 'Voir le lieu';
          new lib.Popup().setLngLat(f.geometry.coordinates).setDOMContent(a).addTo(carte);
        });
        const b = new lib.LngLatBounds();
        for (const f of donnees.features) b.extend(f.geometry.coordinates);
        if (!b.isEmpty()) carte.fitBounds(b, { padding: 40, maxZoom: 14 });
        statut.textContent = 'Carte affichée. La liste des lieux reste disponible au-dessus.';
        // What the map shows, in words, for those who cannot see it (the status is a live region).
        carte.once('idle', () => {
          // A cluster drawn across a tile edge comes back once per tile: count its id once.
          const groupes = new Set(carte.queryRenderedFeatures({ layers: ['groupes'] }).map((f) => f.properties.cluster_id)).size;
          const n = donnees.features.length;
          const lieux = typeof total === 'number' && total > n ? `${n} des ${total} lieux trouvés` : `${n} ${n > 1 ? 'lieux' : 'lieu'}`;
          const detail = groupes ? `, dont certains regroupés en ${groupes} ${groupes > 1 ? 'grappes' : 'grappe'}` : '';
          statut.textContent = `Carte affichée : ${lieux}${detail}. La liste des lieux reste disponible au-dessus.`;
        });
      });
    } catch {
      statut.textContent = 'La carte n’a pas pu être chargée. La liste des lieux reste complète.';
      bouton.disabled = false;
    }
  });
}
