import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

// The console is served by appdesk itself under /admin; the build lands in dist/console next
// to the server's own build, with a manifest the build script reads to report bundle sizes.
export default defineConfig({
  root,
  base: '/admin/',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('../dist/console', import.meta.url)),
    emptyOutDir: true,
    manifest: true,
    chunkSizeWarningLimit: 1500,
  },
  server: {
    // The generated API types live in clients/typescript, outside this folder.
    fs: { allow: [fileURLToPath(new URL('..', import.meta.url))] },
    proxy: { '/admin/api': 'http://127.0.0.1:3000', '/api': 'http://127.0.0.1:3000' },
  },
});
