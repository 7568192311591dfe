import { defineConfig } from 'prisma/config';
import { readDatabaseConfig } from './src/config.ts';

// Used by `prisma generate` (no database needed) and, where Prisma's native engine can be
// downloaded, by `prisma migrate deploy`. This repository's own migrations run offline through
// @prisma/schema-engine-wasm (see src/migrate.ts).
export default defineConfig({
  schema: '../../prisma/schema.prisma',
  migrations: { path: '../../prisma/migrations' },
  datasource: { url: readDatabaseConfig().databaseUrl ?? 'postgresql://localhost:5432/nmo' },
});
