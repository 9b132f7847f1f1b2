-- CreateTable
CREATE TABLE "outbox_messages" (
    "id" UUID NOT NULL,
    "organisationId" UUID NOT NULL,
    "channel" TEXT NOT NULL,
    "recipientId" UUID NOT NULL,
    "address" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'NOT_SENT',
    "idempotencyKey" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "outbox_messages_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "outbox_messages_idempotencyKey_key" ON "outbox_messages"("idempotencyKey");

-- CreateIndex
CREATE INDEX "outbox_messages_organisationId_createdAt_idx" ON "outbox_messages"("organisationId", "createdAt");

-- AddForeignKey
ALTER TABLE "outbox_messages" ADD CONSTRAINT "outbox_messages_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "organisations"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
