-- CreateTable
CREATE TABLE "case_timeline_entries" (
    "id" UUID NOT NULL,
    "caseId" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "detail" JSONB NOT NULL,
    "idempotencyKey" TEXT NOT NULL,
    "recordedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "case_timeline_entries_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "case_timeline_entries_idempotencyKey_key" ON "case_timeline_entries"("idempotencyKey");

-- CreateIndex
CREATE INDEX "case_timeline_entries_caseId_at_idx" ON "case_timeline_entries"("caseId", "at");

-- AddForeignKey
ALTER TABLE "case_timeline_entries" ADD CONSTRAINT "case_timeline_entries_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "cases"("id") ON DELETE CASCADE ON UPDATE CASCADE;
