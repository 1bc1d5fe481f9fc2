import "server-only";

/**
 * On PostgreSQL, backups are the server's own tools' job: pg_dump takes a consistent snapshot while the app
 * runs, pg_restore puts it back. These are the commands `npm run db:backup` / `db:restore` print instead of
 * copying a file. They read the URL from the environment, so no password is printed.
 */
export function postgresBackupCommand(file: string): string {
  return `pg_dump --format=custom --no-owner --file=${shellWord(file)} "$DATABASE_URL"`;
}

export function postgresRestoreCommand(file: string): string {
  return `pg_restore --clean --if-exists --no-owner --single-transaction --dbname="$DATABASE_URL" ${shellWord(file)}`;
}

/** A file name as one shell word. */
function shellWord(text: string): string {
  return /^[\w./@%+=:,-]+$/.test(text) ? text : `'${text.replace(/'/g, "'\\''")}'`;
}
