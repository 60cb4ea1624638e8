import type { Executor, NewAuditEvent } from '../../db/database.js';

export async function insertAuditEvent(db: Executor, event: NewAuditEvent): Promise<void> {
  await db.insertInto('audit_events').values(event).execute();
}
