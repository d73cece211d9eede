import path from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const here = path.dirname(fileURLToPath(import.meta.url));

export default defineConfig({
  root: here,
  plugins: [react()],
  build: {
    outDir: path.join(here, 'dist'),
    emptyOutDir: true,
    // the explorer (Monaco) is big; it is its own page and never loaded by the app
    chunkSizeWarningLimit: 4096,
    rollupOptions: {
      input: { main: path.join(here, 'index.html'), graphiql: path.join(here, 'graphiql.html') },
      onwarn(warning, warn) {
        // GraphiQL's React-compiler "use no memo" directives: harmless when bundled
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
        warn(warning);
      },
    },
  },
  worker: { format: 'es' },
  server: {
    proxy: {
      '/graphql': 'http://127.0.0.1:4000',
      '/healthz': 'http://127.0.0.1:4000',
      '/boards': 'http://127.0.0.1:4000',
    },
  },
});
