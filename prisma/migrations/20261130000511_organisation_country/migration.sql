-- AlterTable
ALTER TABLE "contacts" ADD COLUMN     "sms" BOOLEAN NOT NULL DEFAULT true;

-- AlterTable
ALTER TABLE "organisations" ADD COLUMN     "defaultCountry" TEXT NOT NULL DEFAULT 'RS';

-- An ISO 3166 alpha-2 code; the API checks it names a country whose numbering plan is known.
ALTER TABLE "organisations" ADD CONSTRAINT "organisations_default_country_check" CHECK ("defaultCountry" ~ '^[A-Z]{2}$');
