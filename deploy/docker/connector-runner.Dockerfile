# The connector-runner image. Build from the repository root:
#   docker build -f deploy/docker/connector-runner.Dockerfile -t tributary/connector-runner .
ARG NODE_IMAGE=node:20.19-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /src
COPY package.json package-lock.json ./
COPY tools/cli/package.json tools/cli/package.json
RUN npm install --no-audit --no-fund
COPY . .
RUN node tools/scripts/build.mjs connector-runner && npm prune --omit=dev --no-audit --no-fund

FROM ${NODE_IMAGE}
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /src/node_modules ./node_modules
COPY --from=build /src/dist ./dist
COPY --from=build /src/package.json ./package.json
USER node
ENTRYPOINT ["node", "dist/apps/connector-runner/src/main.js"]
