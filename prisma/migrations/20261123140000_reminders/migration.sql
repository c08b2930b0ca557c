-- CreateEnum
CREATE TYPE "ReminderKind" AS ENUM ('TERM_EXPIRY', 'PROJECT_EXPIRY', 'ANNIVERSARY', 'MILESTONE_DUE', 'INTAKE_OVERDUE', 'INTAKE_STEP_WAITING', 'SIGNIFICANT_DATE', 'MEETING_DIGEST', 'ESCALATION');

-- CreateEnum
CREATE TYPE "ReminderAnswer" AS ENUM ('RENEWAL_UNDER_WAY', 'LET_EXPIRE', 'SNOOZED', 'ACKNOWLEDGED');

-- CreateEnum
CREATE TYPE "OutboxState" AS ENUM ('PENDING', 'SENT');

-- CreateTable
CREATE TABLE "ReminderRule" (
    "kind" "ReminderKind" NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "leadDays" INTEGER[],
    "channels" JSONB NOT NULL DEFAULT '{}',
    "options" JSONB NOT NULL DEFAULT '{}',
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ReminderRule_pkey" PRIMARY KEY ("kind")
);

-- CreateTable
CREATE TABLE "ReminderDelivery" (
    "id" SERIAL NOT NULL,
    "key" TEXT NOT NULL,
    "kind" "ReminderKind" NOT NULL,
    "subject" TEXT NOT NULL,
    "agreementId" INTEGER,
    "dueOn" DATE NOT NULL,
    "postAt" TIMESTAMP(3) NOT NULL,
    "queuedAt" TIMESTAMP(3) NOT NULL,
    "late" BOOLEAN NOT NULL DEFAULT false,
    "summary" TEXT NOT NULL,
    "answer" "ReminderAnswer",
    "answerNote" TEXT,
    "answeredBy" TEXT,
    "answeredAt" TIMESTAMP(3),
    "snoozedUntil" DATE,
    "escalatedAt" TIMESTAMP(3),

    CONSTRAINT "ReminderDelivery_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OutboxMessage" (
    "id" SERIAL NOT NULL,
    "deliveryId" INTEGER,
    "platform" "ChatPlatform" NOT NULL,
    "target" TEXT NOT NULL,
    "toPerson" BOOLEAN NOT NULL DEFAULT false,
    "threadId" TEXT,
    "reply" JSONB NOT NULL,
    "state" "OutboxState" NOT NULL DEFAULT 'PENDING',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" TIMESTAMP(3) NOT NULL,
    "leasedUntil" TIMESTAMP(3),
    "lastError" TEXT,
    "sentAt" TIMESTAMP(3),
    "postedMessageId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "OutboxMessage_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ReminderMute" (
    "id" SERIAL NOT NULL,
    "kind" "ReminderKind" NOT NULL,
    "agreementId" INTEGER NOT NULL,
    "mutedBy" TEXT NOT NULL,
    "mutedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ReminderMute_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SignificantDate" (
    "id" SERIAL NOT NULL,
    "country" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "month" INTEGER NOT NULL,
    "day" INTEGER NOT NULL,
    "source" JSONB NOT NULL,

    CONSTRAINT "SignificantDate_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CalendarSubscriber" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "revokedAt" TIMESTAMP(3),

    CONSTRAINT "CalendarSubscriber_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "ReminderDelivery_key_key" ON "ReminderDelivery"("key");

-- CreateIndex
CREATE INDEX "ReminderDelivery_agreementId_idx" ON "ReminderDelivery"("agreementId");

-- CreateIndex
CREATE INDEX "ReminderDelivery_kind_dueOn_idx" ON "ReminderDelivery"("kind", "dueOn");

-- CreateIndex
CREATE INDEX "OutboxMessage_state_nextAttemptAt_idx" ON "OutboxMessage"("state", "nextAttemptAt");

-- CreateIndex
CREATE INDEX "OutboxMessage_deliveryId_idx" ON "OutboxMessage"("deliveryId");

-- CreateIndex
CREATE UNIQUE INDEX "ReminderMute_kind_agreementId_key" ON "ReminderMute"("kind", "agreementId");

-- CreateIndex
CREATE UNIQUE INDEX "SignificantDate_country_name_key" ON "SignificantDate"("country", "name");

-- CreateIndex
CREATE UNIQUE INDEX "CalendarSubscriber_tokenHash_key" ON "CalendarSubscriber"("tokenHash");

-- AddForeignKey
ALTER TABLE "ReminderDelivery" ADD CONSTRAINT "ReminderDelivery_agreementId_fkey" FOREIGN KEY ("agreementId") REFERENCES "Agreement"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OutboxMessage" ADD CONSTRAINT "OutboxMessage_deliveryId_fkey" FOREIGN KEY ("deliveryId") REFERENCES "ReminderDelivery"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReminderMute" ADD CONSTRAINT "ReminderMute_agreementId_fkey" FOREIGN KEY ("agreementId") REFERENCES "Agreement"("id") ON DELETE CASCADE ON UPDATE CASCADE;
