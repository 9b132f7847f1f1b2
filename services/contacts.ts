/** Contacts: the cards alerts and field-visit safety calls go to. */
import type { PrismaClient } from '../generated/prisma/client';

/** Ids of contacts that are not the organisation's, to refuse them by name. */
export async function foreignContactIds(prisma: PrismaClient, organisationId: string, ids: string[]): Promise<string[]> {
  const known = await prisma.contact.findMany({ where: { id: { in: ids }, organisationId }, select: { id: true } });
  return ids.filter((i) => !known.some((k) => k.id === i));
}
