# The ops-console image (the operators' web console and `tributary status`). Build from the repository root:
#   docker build -f deploy/docker/ops-console.Dockerfile -t tributary/ops-console .
ARG NODE_IMAGE=node:20.19-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /src
COPY package.json package-lock.json ./
COPY tools/cli/package.json tools/cli/package.json
RUN npm install --no-audit --no-fund
COPY . .
# build.mjs copies the console's page (HTML, CSS, browser JS) beside the compiled code.
RUN node tools/scripts/build.mjs ops-console && npm prune --omit=dev --no-audit --no-fund

FROM ${NODE_IMAGE}
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /src/node_modules ./node_modules
COPY --from=build /src/dist ./dist
COPY --from=build /src/package.json ./package.json
USER node
ENTRYPOINT ["node", "dist/apps/ops-console/src/main.js"]
