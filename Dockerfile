# The app image used by docker-compose.yml. The database is external (DATABASE_URL).
FROM node:20-bookworm-slim
WORKDIR /app
RUN npm install -g pnpm@10.34.8
COPY . .
RUN pnpm install --frozen-lockfile && pnpm --filter @nmo/web build
# Inside a container the server must listen on every interface to be reached through the port mapping.
ENV NODE_ENV=production PORT=3000 HOST=0.0.0.0
EXPOSE 3000
CMD ["pnpm", "exec", "tsx", "apps/server/src/main.ts"]
