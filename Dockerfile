# The controller image: Node 20, production dependencies, TypeScript run by tsx.
FROM node:20-bookworm-slim
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund && npm cache clean --force
COPY controller ./controller
COPY tsconfig.json ./
USER 65532
ENTRYPOINT ["npx", "--no-install", "tsx"]
CMD ["controller/runtime/main.ts"]
