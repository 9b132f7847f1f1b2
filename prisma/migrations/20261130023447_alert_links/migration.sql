-- CreateTable
CREATE TABLE "alert_links" (
    "tokenHash" TEXT NOT NULL,
    "alertId" TEXT NOT NULL,
    "recipientId" UUID NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "alert_links_pkey" PRIMARY KEY ("tokenHash")
);

-- CreateIndex
CREATE INDEX "alert_links_alertId_idx" ON "alert_links"("alertId");

-- AddForeignKey
ALTER TABLE "alert_links" ADD CONSTRAINT "alert_links_alertId_fkey" FOREIGN KEY ("alertId") REFERENCES "alerts"("id") ON DELETE CASCADE ON UPDATE CASCADE;
