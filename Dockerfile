# syntax=docker/dockerfile:1
# Atelier's image, built from the repo root. Two targets share every layer but the last:
#   api (the default): the API, which also serves the built studio; runs the migrations at start.
#   worker:            the draft (CPU) preview worker.
# Node 24 LTS on Debian bookworm, pinned by digest (README "Deploying" says where the digest comes from;
# to update, change this one line: tag and digest together).
FROM node:24-bookworm-slim@sha256:6f7b03f7c2c8e2e784dcf9295400527b9b1270fd37b7e9a7285cf83b6951452d AS node

# The manifests alone, so the dependency layers are reused until a package.json or the lockfile changes.
FROM node AS manifests
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
COPY apps/api/package.json apps/api/
COPY apps/studio/package.json apps/studio/
COPY apps/worker/package.json apps/worker/
COPY libs/atelier-client/package.json libs/atelier-client/
COPY libs/comfy-compile/package.json libs/comfy-compile/
COPY libs/editor-core/package.json libs/editor-core/
COPY libs/messages/package.json libs/messages/
COPY libs/preview-job/package.json libs/preview-job/
COPY libs/revenue-share/package.json libs/revenue-share/
COPY libs/safetensors/package.json libs/safetensors/
COPY libs/scene-map-png/package.json libs/scene-map-png/
COPY libs/scene-maps/package.json libs/scene-maps/
COPY libs/scheduler/package.json libs/scheduler/
COPY libs/template-spec/package.json libs/template-spec/
COPY migrations/package.json migrations/

# Every dependency, dev tools included, then the sources, then the build (Nx: the libs, the API, the
# worker and the studio bundle).
FROM manifests AS build
RUN npm ci --no-audit --no-fund
COPY . .
ENV NX_DAEMON=false NX_NO_CLOUD=true
RUN npm run build

# Production dependencies of the API and the worker only (no compilers, bundlers or test tools, and
# not the studio's React: the studio ships as built files).
FROM manifests AS prod-deps
RUN npm ci --omit=dev --no-audit --no-fund --workspace=@atelier/api --workspace=@atelier/worker --include-workspace-root=false \
  && npm cache clean --force

FROM node AS runtime
WORKDIR /app
ENV NODE_ENV=production ATELIER_ENV=production
# Owned by root and read-only to the app's user: the running process cannot change its own code.
COPY --from=prod-deps /app /app
COPY --from=build /app/migrations/dist migrations/dist
COPY --from=build /app/libs/atelier-client/dist libs/atelier-client/dist
COPY --from=build /app/libs/comfy-compile/dist libs/comfy-compile/dist
COPY --from=build /app/libs/messages/dist libs/messages/dist
COPY --from=build /app/libs/preview-job/dist libs/preview-job/dist
COPY --from=build /app/libs/revenue-share/dist libs/revenue-share/dist
COPY --from=build /app/libs/safetensors/dist libs/safetensors/dist
COPY --from=build /app/libs/scene-map-png/dist libs/scene-map-png/dist
COPY --from=build /app/libs/scene-maps/dist libs/scene-maps/dist
COPY --from=build /app/libs/scheduler/dist libs/scheduler/dist
COPY --from=build /app/libs/template-spec/dist libs/template-spec/dist
COPY --from=build /app/apps/worker/dist apps/worker/dist
COPY --from=build /app/apps/api/dist apps/api/dist
COPY --from=build /app/apps/studio/dist apps/studio/dist
# The official image's unprivileged user (uid 1000).
USER node

FROM runtime AS worker
# No HTTP port to probe; the worker logs each job and exits on a revoked token.
HEALTHCHECK NONE
CMD ["node", "--enable-source-maps", "apps/worker/dist/main.js"]

FROM runtime AS api
EXPOSE 4000
# Liveness only (/healthz): /readyz also fails while the API drains on shutdown or while PostgreSQL or
# storage is down, which is for the proxy to route around, not a reason to restart the container.
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:4000/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "--enable-source-maps", "apps/api/dist/main.js"]
