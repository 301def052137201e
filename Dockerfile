# The API (which also serves the built studio). Built from the repo root.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY . .
RUN npm ci --no-audit --no-fund && npx tsc -b tsconfig.build.json && (cd apps/studio && npx vite build)

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production ATELIER_ENV=production
COPY --from=build /app /app
EXPOSE 4000
CMD ["node", "--enable-source-maps", "apps/api/dist/main.js"]
