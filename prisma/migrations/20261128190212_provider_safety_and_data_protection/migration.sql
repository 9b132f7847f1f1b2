-- CreateEnum
CREATE TYPE "FieldVisitState" AS ENUM ('ACTIVE', 'ENDED', 'MISSED', 'PANIC');

-- AlterTable
ALTER TABLE "alerts" ADD COLUMN     "fieldVisitId" UUID,
ALTER COLUMN "caseId" DROP NOT NULL;

-- AlterTable
ALTER TABLE "assessments" ADD COLUMN     "providerRisk" "RiskLevel",
ADD COLUMN     "providerRiskFactors" TEXT[] DEFAULT ARRAY[]::TEXT[];

-- AlterTable
ALTER TABLE "cases" ADD COLUMN     "erasedAt" TIMESTAMPTZ(3);

-- AlterTable
ALTER TABLE "organisations" ADD COLUMN     "dutyCoordinatorContactId" UUID,
ADD COLUMN     "retentionYears" INTEGER NOT NULL DEFAULT 5,
ADD COLUMN     "selfAssessmentIntervalDays" INTEGER NOT NULL DEFAULT 30;

-- AlterTable
ALTER TABLE "users" ADD COLUMN     "checkInPinHash" TEXT,
ADD COLUMN     "duressPinHash" TEXT;

-- CreateTable
CREATE TABLE "self_assessments" (
    "id" UUID NOT NULL,
    "organisationId" UUID NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "scores" JSONB NOT NULL,
    "riskLevel" "RiskLevel" NOT NULL,
    "notesEncrypted" TEXT,
    "recordedById" UUID NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "self_assessments_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "field_visits" (
    "id" UUID NOT NULL,
    "organisationId" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "caseId" UUID,
    "visitCode" TEXT NOT NULL,
    "workflowId" TEXT NOT NULL,
    "purposeEncrypted" TEXT,
    "locationEncrypted" TEXT,
    "withWhomEncrypted" TEXT,
    "safetyContactIds" TEXT[],
    "startedAt" TIMESTAMPTZ(3) NOT NULL,
    "expectedEndAt" TIMESTAMPTZ(3) NOT NULL,
    "graceMinutes" INTEGER NOT NULL DEFAULT 15,
    "state" "FieldVisitState" NOT NULL DEFAULT 'ACTIVE',
    "endedBy" TEXT,
    "endedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "field_visits_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "response_procedures" (
    "organisationId" UUID NOT NULL,
    "trigger" TEXT NOT NULL,
    "steps" TEXT[],
    "updatedById" UUID,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "response_procedures_pkey" PRIMARY KEY ("organisationId","trigger")
);

-- CreateTable
CREATE TABLE "erasures" (
    "id" UUID NOT NULL,
    "organisationId" UUID NOT NULL,
    "caseId" UUID NOT NULL,
    "via" TEXT NOT NULL,
    "requestedById" UUID,
    "reason" TEXT NOT NULL,
    "erased" JSONB NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "erasures_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "self_assessments_organisationId_at_idx" ON "self_assessments"("organisationId", "at");

-- CreateIndex
CREATE INDEX "self_assessments_recordedById_idx" ON "self_assessments"("recordedById");

-- CreateIndex
CREATE UNIQUE INDEX "field_visits_workflowId_key" ON "field_visits"("workflowId");

-- CreateIndex
CREATE INDEX "field_visits_organisationId_state_idx" ON "field_visits"("organisationId", "state");

-- CreateIndex
CREATE INDEX "field_visits_userId_state_idx" ON "field_visits"("userId", "state");

-- CreateIndex
CREATE INDEX "field_visits_caseId_idx" ON "field_visits"("caseId");

-- CreateIndex
CREATE UNIQUE INDEX "field_visits_organisationId_visitCode_key" ON "field_visits"("organisationId", "visitCode");

-- CreateIndex
CREATE INDEX "erasures_organisationId_at_idx" ON "erasures"("organisationId", "at");

-- CreateIndex
CREATE INDEX "erasures_caseId_idx" ON "erasures"("caseId");

-- CreateIndex
CREATE INDEX "alerts_fieldVisitId_idx" ON "alerts"("fieldVisitId");

-- AddForeignKey
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_fieldVisitId_fkey" FOREIGN KEY ("fieldVisitId") REFERENCES "field_visits"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "self_assessments" ADD CONSTRAINT "self_assessments_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "organisations"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "self_assessments" ADD CONSTRAINT "self_assessments_recordedById_fkey" FOREIGN KEY ("recordedById") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "field_visits" ADD CONSTRAINT "field_visits_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "organisations"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "field_visits" ADD CONSTRAINT "field_visits_userId_fkey" FOREIGN KEY ("userId") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "field_visits" ADD CONSTRAINT "field_visits_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "cases"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "response_procedures" ADD CONSTRAINT "response_procedures_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "organisations"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "erasures" ADD CONSTRAINT "erasures_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "organisations"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
