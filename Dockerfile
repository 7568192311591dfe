# The app image used by docker-compose.yml. The database is external (DATABASE_URL).
FROM node:20-bookworm-slim
WORKDIR /app
RUN npm install -g pnpm@10.34.8
COPY . .
# `pnpm build`: the dashboard, and the server and CLI compiled to plain JavaScript (esbuild).
RUN pnpm install --frozen-lockfile && pnpm build
# Inside a container the server must listen on every interface to be reached through the port mapping.
ENV NODE_ENV=production PORT=3000 HOST=0.0.0.0
EXPOSE 3000
# One HTTP worker per core (WEB_CONCURRENCY, default: the cores the container sees).
CMD ["node", "apps/server/dist/main.js"]
