export function testPostgresUrl(): string {
  return process.env.TEST_DATABASE_URL || "postgresql://root@127.0.0.1:5432/test";
}
