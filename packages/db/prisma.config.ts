import { defineConfig } from 'prisma/config';

// Used by `prisma generate` (no database needed) and, where Prisma's native engine can be
// downloaded, by `prisma migrate deploy`. This repository's own migrations run offline through
// @prisma/schema-engine-wasm (see src/migrate.ts).
export default defineConfig({
  schema: '../../prisma/schema.prisma',
  migrations: { path: '../../prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL ?? 'postgresql://localhost:5432/nmo' },
});
