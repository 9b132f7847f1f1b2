-- AlterEnum
ALTER TYPE "AlertState" ADD VALUE 'RESOLVED';

-- AlterEnum
ALTER TYPE "MessageKind" ADD VALUE 'ALERT_UPDATE';

-- AlterTable
ALTER TABLE "alerts" ADD COLUMN     "attempts" JSONB,
ADD COLUMN     "plan" JSONB,
ADD COLUMN     "publicId" UUID NOT NULL DEFAULT gen_random_uuid(),
ADD COLUMN     "resolutionNoteEncrypted" TEXT,
ADD COLUMN     "resolvedAt" TIMESTAMPTZ(3),
ADD COLUMN     "resolvedBy" TEXT,
ADD COLUMN     "resolvedVia" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "alerts_publicId_key" ON "alerts"("publicId");
