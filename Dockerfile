# API and worker image (the same code; docker-compose.yml picks the entry point).
FROM node:24-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
RUN apt-get update && apt-get install -y --no-install-recommends wget procps && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
# npm ci's postinstall applies patches/ (postgres.js fixes; see db/postgres-pool.ts) with patch-package.
COPY patches ./patches
# Dev dependencies (tests, bench) are left out; esbuild bundles the entry points (scripts/build.mjs).
RUN npm ci --omit=dev --no-audit --no-fund
COPY tsconfig.json drizzle.config.ts ./
COPY src ./src
COPY workflows ./workflows
COPY activities ./activities
COPY db ./db
COPY scripts/build.mjs ./scripts/build.mjs
# The bundle keeps this image's paths (/app/...): it is built where it runs.
RUN node scripts/build.mjs
USER node
EXPOSE 3000
CMD ["node", "dist/api.mjs"]
