-- AlterTable
ALTER TABLE "field_visits" ADD COLUMN     "pinAttempts" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "pinLockedUntil" TIMESTAMPTZ(3);

-- CreateTable
CREATE TABLE "twilio_webhooks" (
    "key" TEXT NOT NULL,
    "receivedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "claimedAt" TIMESTAMPTZ(3),
    "processedAt" TIMESTAMPTZ(3),
    "reply" TEXT,

    CONSTRAINT "twilio_webhooks_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE INDEX "contacts_phone_idx" ON "contacts"("phone");

-- A staff phone belongs to one staff user at most, across all organisations: SMS commands are
-- routed by it. A trigger, not a unique index: one user may keep the number on two cards, and
-- rows written before this migration stay as they were (the API refuses SAFE / EXTEND from a
-- number that still means two users, and raises PANIC for each). The advisory lock makes two
-- concurrent writes of the same number wait for each other.
CREATE FUNCTION "contacts_staff_phone_unique"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW."userId" IS NULL OR NEW."phone" IS NULL THEN
        RETURN NEW;
    END IF;
    PERFORM pg_advisory_xact_lock(hashtext('contacts.staff-phone:' || NEW."phone"));
    IF EXISTS (
        SELECT 1 FROM "contacts"
        WHERE "phone" = NEW."phone" AND "userId" IS NOT NULL AND "userId" <> NEW."userId" AND "id" <> NEW."id"
    ) THEN
        RAISE EXCEPTION 'the phone is on the card of another staff user'
            USING ERRCODE = 'unique_violation', CONSTRAINT = 'contacts_staff_phone_key';
    END IF;
    RETURN NEW;
END;
$$;
CREATE TRIGGER "contacts_staff_phone_unique" BEFORE INSERT OR UPDATE OF "phone", "userId" ON "contacts"
    FOR EACH ROW EXECUTE FUNCTION "contacts_staff_phone_unique"();
