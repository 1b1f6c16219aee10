// Bundles the browser client and the libraries it uses into static/screen.js, the file the
// server serves (and CI does not rebuild). `node build.mjs --check` fails if the committed
// bundle is not what the sources give.
import { build } from 'esbuild';
import { readFileSync, writeFileSync } from 'node:fs';

const here = new URL('.', import.meta.url);
const target = new URL('static/screen.js', here);

function licence(name) {
  const pkg = JSON.parse(readFileSync(new URL(`node_modules/${name}/package.json`, here)));
  return ` * ${pkg.name} ${pkg.version} (${pkg.license})`;
}

const banner = [
  '/*!',
  ' * Parasol private screening (AGPL-3.0-or-later). Built by web/build.mjs from web/src;',
  ' * do not edit. It bundles:',
  licence('@noble/curves'),
  licence('@noble/hashes'),
  ' * and phone number metadata from libphonenumber (Apache-2.0), as the server has it.',
  ' */',
].join('\n');

export async function bundle() {
  const result = await build({
    entryPoints: [new URL('src/screen.js', here).pathname],
    bundle: true,
    format: 'esm',
    target: ['es2022'],
    platform: 'browser',
    minify: true,
    legalComments: 'eof',
    charset: 'utf8',
    banner: { js: banner },
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0].text;
}

const code = await bundle();
if (process.argv.includes('--check')) {
  let committed = '';
  try {
    committed = readFileSync(target, 'utf8');
  } catch {
    committed = '';
  }
  if (committed !== code) {
    console.error('web/static/screen.js is out of date: run npm run build --prefix web');
    process.exit(1);
  }
  console.log('web/static/screen.js is up to date');
} else {
  writeFileSync(target, code);
  console.log(`wrote web/static/screen.js (${code.length} bytes)`);
}
