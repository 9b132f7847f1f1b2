-- CreateEnum
CREATE TYPE "AlertState" AS ENUM ('ALERTING', 'ACKNOWLEDGED', 'UNACKNOWLEDGED');

-- CreateTable
CREATE TABLE "alerts" (
    "id" TEXT NOT NULL,
    "organisationId" UUID NOT NULL,
    "caseId" UUID NOT NULL,
    "trigger" TEXT NOT NULL,
    "ackCode" TEXT NOT NULL,
    "state" "AlertState" NOT NULL DEFAULT 'ALERTING',
    "acknowledgedBy" TEXT,
    "acknowledgedVia" TEXT,
    "acknowledgedAt" TIMESTAMPTZ(3),
    "raisedAt" TIMESTAMPTZ(3) NOT NULL,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "alerts_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "alerts_organisationId_state_idx" ON "alerts"("organisationId", "state");

-- CreateIndex
CREATE INDEX "alerts_ackCode_idx" ON "alerts"("ackCode");

-- CreateIndex
CREATE INDEX "alerts_caseId_idx" ON "alerts"("caseId");

-- AddForeignKey
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "organisations"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "cases"("id") ON DELETE CASCADE ON UPDATE CASCADE;
