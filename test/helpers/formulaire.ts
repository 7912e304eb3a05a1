import type { Hono } from 'hono';

/**
 * A browser's round trip through a form: GET the page (keeping its cookies), read the hidden `_csrf` field,
 * then POST with the same cookies. Cookies set by the POST are kept too (sign-in).
 */
export class Navigateur {
  readonly cookies = new Map<string, string>();
  readonly app: Hono;
  constructor(app: Hono) {
    this.app = app;
  }

  entete(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private garder(res: Response): Response {
    for (const ligne of res.headers.getSetCookie()) {
      const [paire] = ligne.split(';');
      const i = paire!.indexOf('=');
      const nom = paire!.slice(0, i);
      const valeur = paire!.slice(i + 1);
      if (valeur === '' || /max-age=0/i.test(ligne)) this.cookies.delete(nom);
      else this.cookies.set(nom, valeur);
    }
    return res;
  }

  async get(chemin: string): Promise<Response> {
    return this.garder(await this.app.request(chemin, { headers: { accept: 'text/html', cookie: this.entete() } }));
  }

  /** The `_csrf` value of the form on the page at `chemin`. */
  async jeton(chemin: string): Promise<string> {
    const corps = await (await this.get(chemin)).text();
    const m = /name="_csrf" value="([^"]+)"/.exec(corps);
    if (!m) throw new Error(`pas de champ _csrf sur ${chemin}`);
    return m[1]!;
  }

  /** POST a form; `depuis` is the page holding the form (its token is used unless `jeton` is given). */
  async poster(chemin: string, champs: Record<string, string>, o: { depuis?: string; jeton?: string | null; entetes?: Record<string, string> } = {}): Promise<Response> {
    const jeton = o.jeton === null ? undefined : (o.jeton ?? (await this.jeton(o.depuis ?? chemin)));
    const corps = new URLSearchParams({ ...champs, ...(jeton ? { _csrf: jeton } : {}) });
    return this.garder(
      await this.app.request(chemin, {
        method: 'POST',
        headers: { accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded', cookie: this.entete(), ...o.entetes },
        body: corps.toString(),
      }),
    );
  }
}
