// Vite build of the demo (js.vite test): sluice comes from node_modules (file:../js), and the
// bundler must find and ship the separate sluice.wasm through new URL(..., import.meta.url).
import { defineConfig } from 'vite';

export default defineConfig({
  base: './',
  build: {
    target: 'es2022', // sluice's ESM entry uses top-level await
    outDir: 'dist',
    emptyOutDir: true,
  },
  plugins: [{
    // The import map in index.html serves the unbundled page; the bundle has no bare imports.
    name: 'drop-import-map',
    transformIndexHtml: (html) => html.replace(/\s*<!--[^]*?-->\s*<script type="importmap">[^]*?<\/script>/, ''),
  }],
});
