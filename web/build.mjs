// Builds web/dist/ from the npm packages in web/node_modules (run: npm run build).
//
// dist/vendor.css    @font-face rules for Noto Sans (the font the Utrecht design
//                    tokens name), the design tokens (theme class .utrecht-theme,
//                    usable on <body>) and the Utrecht component CSS, in that order.
// dist/fonts/*.woff2 the font files vendor.css refers to (relative URLs).
// dist/LICENSES.txt  the licences of everything copied into dist/.
//
// No bundler: it reads files, rewrites the font URLs and writes the result.
// The output is deterministic, so rebuilding from the same lockfile gives the
// same bytes.
import { createRequire } from 'node:module';
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const dist = join(here, 'dist');
const require = createRequire(join(here, 'package.json'));

/** Folder of an installed package, or a clear error when npm ci has not run. */
function pkgDir(name) {
  try {
    return dirname(require.resolve(`${name}/package.json`));
  } catch {
    throw new Error(`package ${name} is not installed: run "npm ci" in web/ first`);
  }
}

/** Text of a file; a missing file is an error that names it. */
function read(path) {
  if (!existsSync(path)) throw new Error(`missing input file: ${path}`);
  return readFileSync(path, 'utf8');
}

/** A CSS file without its @charset rule, which is only valid at the very start. */
function stripCharset(css) {
  return css.replace(/^\s*@charset\s+"[^"]*";\s*$/gm, '');
}

const components = pkgDir('@utrecht/component-library-css');
const tokens = pkgDir('@utrecht/design-tokens');
// The font package is a dependency of the tokens, so resolve it from there.
const fontReq = createRequire(join(tokens, 'package.json'));
let fontDir;
try {
  fontDir = dirname(fontReq.resolve('@fontsource-variable/noto-sans/package.json'));
} catch {
  throw new Error('package @fontsource-variable/noto-sans is not installed: run "npm ci" in web/ first');
}

rmSync(dist, { recursive: true, force: true });
mkdirSync(join(dist, 'fonts'), { recursive: true });

// Fonts: copy each woff2 the fontsource stylesheet names, point the URLs at fonts/.
let fontCss = read(join(fontDir, 'index.css'));
const fontFiles = new Set();
fontCss = fontCss.replace(/url\(\s*['"]?\.\/files\/([A-Za-z0-9._-]+\.woff2)['"]?\s*\)/g, (_, file) => {
  fontFiles.add(file);
  return `url("fonts/${file}")`;
});
if (fontFiles.size === 0) throw new Error('no font files found in @fontsource-variable/noto-sans/index.css');
for (const file of [...fontFiles].sort()) {
  copyFileSync(join(fontDir, 'files', file), join(dist, 'fonts', basename(file)));
}

const parts = [
  ['@fontsource-variable/noto-sans/index.css', fontCss],
  ['@utrecht/design-tokens/dist/index.css', read(join(tokens, 'dist', 'index.css'))],
  ['@utrecht/component-library-css/dist/index.css', read(join(components, 'dist', 'index.css'))],
];
let out = '@charset "UTF-8";\n/* Built by web/build.mjs from npm packages; do not edit. */\n';
for (const [name, css] of parts) {
  out += `\n/* ==== ${name} ==== */\n${stripCharset(css).trim()}\n`;
}
writeFileSync(join(dist, 'vendor.css'), out);

// Licences of what dist/ contains.
const licences = [
  ['@utrecht/component-library-css', join(components, 'LICENSE.md')],
  ['@utrecht/design-tokens', join(tokens, 'LICENSE.md')],
  ['@fontsource-variable/noto-sans', join(fontDir, 'LICENSE')],
];
let lic = '';
for (const [name, path] of licences) {
  const version = JSON.parse(read(join(dirname(path), 'package.json'))).version;
  lic += `==== ${name} ${version} ====\n\n${read(path).trim()}\n\n`;
}
writeFileSync(join(dist, 'LICENSES.txt'), lic);

const kb = (n) => `${Math.round(n / 1024)} KiB`;
console.log(`web/dist/vendor.css ${kb(out.length)}, ${fontFiles.size} font files, LICENSES.txt`);
