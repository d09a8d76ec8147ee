// Keeps package-lock.json usable by `npm ci` when a dependency lists optional platform packages that
// our package registry does not serve (chdb lists darwin and linux-arm64 builds; only linux-x64 is
// served here): `npm install` then leaves them out of the lock, and `npm ci` refuses the lock as
// "Missing: … from lock file". This drops, from every lock entry, optional dependencies that have no
// entry of their own. Run it after `npm install`: node .ci/drop-unreachable-optional-deps.mjs
import { readFileSync, writeFileSync } from 'node:fs';

const file = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(file, 'utf8'));
const present = new Set(Object.keys(lock.packages).map((path) => path.replace(/^.*node_modules\//, '')));
const dropped = [];
for (const [path, entry] of Object.entries(lock.packages)) {
  for (const name of Object.keys(entry.optionalDependencies ?? {})) {
    if (!present.has(name)) {
      delete entry.optionalDependencies[name];
      dropped.push(`${name} (from ${path || 'the root'})`);
    }
  }
}
writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
console.log(dropped.length === 0 ? 'package-lock.json: nothing to drop.' : `package-lock.json: dropped ${dropped.join(', ')}.`);
