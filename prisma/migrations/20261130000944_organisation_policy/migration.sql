-- CreateTable
CREATE TABLE "organisation_policies" (
    "id" UUID NOT NULL,
    "organisationId" UUID NOT NULL,
    "version" INTEGER NOT NULL,
    "overrides" JSONB NOT NULL,
    "changedById" UUID NOT NULL,
    "changedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "organisation_policies_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "organisation_policies_organisationId_version_key" ON "organisation_policies"("organisationId", "version");

-- AddForeignKey
ALTER TABLE "organisation_policies" ADD CONSTRAINT "organisation_policies_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "organisations"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
