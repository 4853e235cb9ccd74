# The controller image, in two stages: the builder compiles TypeScript to dist/
# (npm run build); the runtime stage has Node 20, production dependencies and
# dist/ only (no TypeScript, no tsx, no tests), and runs as a non-root user.
FROM node:20-bookworm-slim AS builder
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY controller ./controller
RUN npm run build

FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=builder /app/dist ./dist
USER 65532
EXPOSE 8080
ENTRYPOINT ["node", "dist/controller/runtime/main.js"]
