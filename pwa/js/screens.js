/* Which screen a path shows, by the one table of screens (screens.json; the server serves index.html
   for exactly its paths). A row: `name` (its module views/<name>.js and its CSS class), `paths` in the
   server's own pattern syntax (`/bank/<int:id>`, `/invite/<token>`; the first is the screen's address),
   `title` (the text key of the page title), `access` (`public`: anyone; `signed-out`: the sign-in screen,
   which sends a signed-in person on; otherwise signed in), `nav` (its place in the tab bar: `label`,
   `icon`, `wide` for the side bar on wide screens only, `for` managers or admins) and `tab` (the tab lit
   while it shows, when not its own).
   This file is loaded as a module by the page and with importScripts() by the service worker (which gets
   the table from the server with its precache list), so it has no import/export statements and
   publishes itself as globalThis.LHScreens. */
globalThis.LHScreens = (() => {
  const PLACEHOLDER = /<(?:(\w+):)?(\w+)>/g;
  const compiled = new Map();
  const decode = (value) => { try { return decodeURIComponent(value); } catch { return value; } };

  /** A pattern as a regular expression, and the names of its placeholders in order. */
  function compile(path) {
    if (!compiled.has(path)) {
      const names = [];
      const source = path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(PLACEHOLDER, (_, type, name) => {
        names.push(name);
        return { int: '(\\d+)', path: '(.+)' }[type] || '([^/]+)';
      });
      compiled.set(path, { regex: new RegExp(`^${source}$`), names });
    }
    return compiled.get(path);
  }

  /** The row whose paths hold `pathname` (the first such), with its placeholders' values; or null. */
  function match(table, pathname) {
    const path = pathname.length > 1 ? pathname.replace(/\/+$/, '') : pathname;
    for (const screen of table) {
      for (const pattern of screen.paths) {
        const { regex, names } = compile(pattern);
        const found = regex.exec(path);
        if (found) {
          const params = Object.fromEntries(names.map((name, i) => [name, decode(found[i + 1])]));
          return { screen, params };
        }
      }
    }
    return null;
  }

  return { match };
})();
