-- AlterTable
ALTER TABLE "contacts" ADD COLUMN     "smsWithoutDiacritics" BOOLEAN;

-- AlterTable
ALTER TABLE "organisations" ADD COLUMN     "smsWithoutDiacritics" BOOLEAN NOT NULL DEFAULT false;
