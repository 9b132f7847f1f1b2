import { defineConfig } from 'prisma/config';

/**
 * Prisma 7 reads the datasource URL here, not from schema.prisma. Only the native-engine
 * commands (`prisma migrate deploy` where that engine exists) use it; this project's own
 * offline commands are in scripts/db.ts.
 */
export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  ...(process.env.DATABASE_URL ? { datasource: { url: process.env.DATABASE_URL } } : {}),
});
