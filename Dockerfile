# appdesk: one image for both roles. API server by default; push worker with
# `node dist/worker.js` (compose.yaml runs both). See docs/production.md.

# --- build: dev dependencies, TypeScript build, then drop dev dependencies ---
FROM node:20-bookworm-slim AS build
WORKDIR /app
# better-sqlite3 compiles from source when no prebuilt binary is reachable.
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
# The operator console (served at /admin) is built from console/ against the API types.
COPY console ./console
COPY clients/typescript/src ./clients/typescript/src
COPY scripts/inputs-hash.ts scripts/bundle-server.ts scripts/build-console.ts ./scripts/
RUN npm run build && npm prune --omit=dev

# --- runtime: production dependencies and the build only, as the unprivileged node user ---
FROM node:20-bookworm-slim
ENV NODE_ENV=production HOST=0.0.0.0 PORT=8080 DATABASE_URL=sqlite:/data/appdesk.db
# glibc's malloc as npm start sets it (docs/benchmarks.md, memory): blocks of 128 KiB and
# more go to mmap and back to the kernel when freed (6-7 MB less at the peak, eleventh pass),
# and the threads share two heaps instead of one each (2-3 MB less, fifteenth pass).
ENV MALLOC_MMAP_THRESHOLD_=131072 MALLOC_ARENA_MAX=2
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
# The embedded SQLite default keeps its file here; with PostgreSQL the volume stays empty.
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 8080
# Liveness only (no I/O): readiness for a balancer is /readyz.
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||8080)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# SIGTERM (docker stop) drains in-flight requests and the delivery in hand, then exits.
# Semi-spaces of 4 MiB, never shrunk below that: a server that idled (V8's memory reducer
# shrinks the young generation to 1 MiB) scavenged several times as often once traffic came
# back and spent 20-40 % more CPU a request than a fresh one over the next 120,000 requests
# (docs/benchmarks.md, fifth pass). 4 rather than 8: 7 MB less at the peak for a few % of CPU
# on the writes (eleventh pass). An old
# generation capped at 1.5 GB: under 2 GB V8 lets it grow to about 1.8x its live size between
# major GCs instead of 4x, which keeps an FCM/APNs fan-out flat in memory (docs/benchmarks.md,
# push fan-out).
CMD ["node", "--max-semi-space-size=4", "--min-semi-space-size=4", "--max-old-space-size=1536", "dist/server.js"]
