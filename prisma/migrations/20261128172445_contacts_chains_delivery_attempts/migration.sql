-- CreateEnum
CREATE TYPE "ContactRole" AS ENUM ('CASEWORKER', 'COORDINATOR', 'POLICE_LIAISON', 'LAWYER', 'SHELTER_STAFF', 'OTHER');

-- CreateEnum
CREATE TYPE "DeliveryChannel" AS ENUM ('SMS', 'EMAIL');

-- CreateEnum
CREATE TYPE "DeliveryStatus" AS ENUM ('QUEUED', 'SENT', 'DELIVERED', 'UNDELIVERED', 'FAILED', 'NOT_SENT');

-- CreateEnum
CREATE TYPE "MessageKind" AS ENUM ('REMINDER', 'ESCALATION', 'URGENT', 'UNACKNOWLEDGED');

-- AlterTable
ALTER TABLE "contacts" ADD COLUMN     "quietHoursEnd" INTEGER,
ADD COLUMN     "quietHoursStart" INTEGER;

-- CreateTable
CREATE TABLE "case_contacts" (
    "caseId" UUID NOT NULL,
    "contactId" UUID NOT NULL,
    "role" "ContactRole" NOT NULL,
    "level" INTEGER NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "case_contacts_pkey" PRIMARY KEY ("caseId","contactId")
);

-- CreateTable
CREATE TABLE "escalation_chains" (
    "id" UUID NOT NULL,
    "organisationId" UUID NOT NULL,
    "repeatCount" INTEGER NOT NULL DEFAULT 2,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "escalation_chains_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "escalation_levels" (
    "id" UUID NOT NULL,
    "chainId" UUID NOT NULL,
    "position" INTEGER NOT NULL,
    "timeoutSeconds" INTEGER NOT NULL DEFAULT 300,

    CONSTRAINT "escalation_levels_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "escalation_level_contacts" (
    "levelId" UUID NOT NULL,
    "contactId" UUID NOT NULL,

    CONSTRAINT "escalation_level_contacts_pkey" PRIMARY KEY ("levelId","contactId")
);

-- The outbox becomes the record of every message (the outbox being its NOT_SENT rows): renamed
-- and converted in place, so messages already queued are kept.
ALTER TABLE "outbox_messages" RENAME TO "delivery_attempts";
ALTER TABLE "delivery_attempts" RENAME CONSTRAINT "outbox_messages_pkey" TO "delivery_attempts_pkey";
ALTER TABLE "delivery_attempts" RENAME CONSTRAINT "outbox_messages_organisationId_fkey" TO "delivery_attempts_organisationId_fkey";
ALTER INDEX "outbox_messages_idempotencyKey_key" RENAME TO "delivery_attempts_idempotencyKey_key";
ALTER INDEX "outbox_messages_organisationId_createdAt_idx" RENAME TO "delivery_attempts_organisationId_createdAt_idx";
ALTER TABLE "delivery_attempts"
    ADD COLUMN "caseId" UUID,
    ADD COLUMN "alertId" TEXT,
    ADD COLUMN "kind" "MessageKind",
    ADD COLUMN "contactId" UUID,
    ADD COLUMN "userId" UUID,
    ADD COLUMN "subject" TEXT,
    ADD COLUMN "providerMessageId" TEXT,
    ADD COLUMN "errorCode" TEXT,
    ADD COLUMN "errorMessage" TEXT,
    ADD COLUMN "tries" INTEGER NOT NULL DEFAULT 1,
    ADD COLUMN "updatedAt" TIMESTAMPTZ(3);
-- recipientId held a contact's or a user's id; the outbox kept no kind, its texts tell it.
UPDATE "delivery_attempts" d SET
    "contactId" = (SELECT c."id" FROM "contacts" c WHERE c."id" = d."recipientId"),
    "userId" = (SELECT u."id" FROM "users" u WHERE u."id" = d."recipientId"),
    "kind" = CASE
        WHEN d."body" ~ '^Vigil (URGENT|HITNO)' THEN 'URGENT'::"MessageKind"
        WHEN d."body" ~ '^Vigil: (OVERDUE|KASNI)' THEN 'ESCALATION'::"MessageKind"
        ELSE 'REMINDER'::"MessageKind"
    END,
    "updatedAt" = d."createdAt";
ALTER TABLE "delivery_attempts"
    DROP COLUMN "recipientId",
    ALTER COLUMN "kind" SET NOT NULL,
    ALTER COLUMN "updatedAt" SET NOT NULL,
    ALTER COLUMN "channel" TYPE "DeliveryChannel" USING upper("channel")::"DeliveryChannel",
    ALTER COLUMN "status" DROP DEFAULT,
    ALTER COLUMN "status" TYPE "DeliveryStatus" USING "status"::"DeliveryStatus";

-- Checks the Prisma schema cannot express (Prisma ignores CHECK constraints when diffing).
ALTER TABLE "contacts" ADD CONSTRAINT "contacts_quiet_hours_check"
    CHECK (("quietHoursStart" IS NULL) = ("quietHoursEnd" IS NULL) AND "quietHoursStart" BETWEEN 0 AND 1439 AND "quietHoursEnd" BETWEEN 0 AND 1439);
ALTER TABLE "case_contacts" ADD CONSTRAINT "case_contacts_level_check" CHECK ("level" >= 1);
ALTER TABLE "escalation_chains" ADD CONSTRAINT "escalation_chains_repeat_count_check" CHECK ("repeatCount" >= 0);
ALTER TABLE "escalation_levels" ADD CONSTRAINT "escalation_levels_position_check" CHECK ("position" >= 1);
ALTER TABLE "escalation_levels" ADD CONSTRAINT "escalation_levels_timeout_check" CHECK ("timeoutSeconds" > 0);
ALTER TABLE "delivery_attempts" ADD CONSTRAINT "delivery_attempts_tries_check" CHECK ("tries" >= 1);

-- CreateIndex
CREATE INDEX "case_contacts_contactId_idx" ON "case_contacts"("contactId");

-- CreateIndex
CREATE UNIQUE INDEX "escalation_chains_organisationId_key" ON "escalation_chains"("organisationId");

-- CreateIndex
CREATE UNIQUE INDEX "escalation_levels_chainId_position_key" ON "escalation_levels"("chainId", "position");

-- CreateIndex
CREATE INDEX "escalation_level_contacts_contactId_idx" ON "escalation_level_contacts"("contactId");

-- CreateIndex
CREATE INDEX "delivery_attempts_alertId_idx" ON "delivery_attempts"("alertId");

-- CreateIndex
CREATE INDEX "delivery_attempts_caseId_idx" ON "delivery_attempts"("caseId");

-- CreateIndex
CREATE INDEX "delivery_attempts_providerMessageId_idx" ON "delivery_attempts"("providerMessageId");

-- CreateIndex
CREATE INDEX "delivery_attempts_contactId_idx" ON "delivery_attempts"("contactId");

-- CreateIndex
CREATE INDEX "delivery_attempts_userId_idx" ON "delivery_attempts"("userId");

-- AddForeignKey
ALTER TABLE "case_contacts" ADD CONSTRAINT "case_contacts_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "cases"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "case_contacts" ADD CONSTRAINT "case_contacts_contactId_fkey" FOREIGN KEY ("contactId") REFERENCES "contacts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "escalation_chains" ADD CONSTRAINT "escalation_chains_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "organisations"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "escalation_levels" ADD CONSTRAINT "escalation_levels_chainId_fkey" FOREIGN KEY ("chainId") REFERENCES "escalation_chains"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "escalation_level_contacts" ADD CONSTRAINT "escalation_level_contacts_levelId_fkey" FOREIGN KEY ("levelId") REFERENCES "escalation_levels"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "escalation_level_contacts" ADD CONSTRAINT "escalation_level_contacts_contactId_fkey" FOREIGN KEY ("contactId") REFERENCES "contacts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "delivery_attempts" ADD CONSTRAINT "delivery_attempts_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "cases"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "delivery_attempts" ADD CONSTRAINT "delivery_attempts_contactId_fkey" FOREIGN KEY ("contactId") REFERENCES "contacts"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "delivery_attempts" ADD CONSTRAINT "delivery_attempts_userId_fkey" FOREIGN KEY ("userId") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;
