-- CreateEnum
CREATE TYPE "IntakeKind" AS ENUM ('PARTNERSHIP_CITY', 'INTERNATIONAL_PROJECT', 'INBOUND_DELEGATION', 'RENEWAL', 'MOU_REQUEST');

-- CreateEnum
CREATE TYPE "IntakeState" AS ENUM ('SUBMITTED', 'INITIAL_ASSESSMENT', 'CAPACITY_ASSESSMENT', 'APPROVAL', 'APPROVED', 'DECLINED', 'WITHDRAWN', 'CLOSED');

-- CreateTable
CREATE TABLE "IntakeRequest" (
    "id" SERIAL NOT NULL,
    "kind" "IntakeKind" NOT NULL,
    "state" "IntakeState" NOT NULL DEFAULT 'SUBMITTED',
    "title" TEXT NOT NULL,
    "proposal" JSONB NOT NULL,
    "capacity" JSONB NOT NULL DEFAULT '[]',
    "requesterPersonId" INTEGER,
    "requesterPlatform" "ChatPlatform" NOT NULL,
    "requesterExternalId" TEXT NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "agreementId" INTEGER,
    "submittedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "IntakeRequest_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "IntakeStep" (
    "id" SERIAL NOT NULL,
    "requestId" INTEGER NOT NULL,
    "fromState" "IntakeState",
    "toState" "IntakeState" NOT NULL,
    "event" JSONB NOT NULL,
    "summary" TEXT NOT NULL,
    "actorPlatform" "ChatPlatform" NOT NULL,
    "actorExternalId" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "IntakeStep_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "IntakeThread" (
    "id" SERIAL NOT NULL,
    "requestId" INTEGER NOT NULL,
    "platform" "ChatPlatform" NOT NULL,
    "conversationId" TEXT NOT NULL,
    "threadId" TEXT NOT NULL,

    CONSTRAINT "IntakeThread_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditEntry" (
    "id" SERIAL NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actorPlatform" "ChatPlatform" NOT NULL,
    "actorExternalId" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "entity" TEXT NOT NULL,
    "entityId" TEXT NOT NULL,
    "before" JSONB,
    "after" JSONB,

    CONSTRAINT "AuditEntry_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "IntakeRequest_state_idx" ON "IntakeRequest"("state");

-- CreateIndex
CREATE INDEX "IntakeRequest_requesterPlatform_requesterExternalId_idx" ON "IntakeRequest"("requesterPlatform", "requesterExternalId");

-- CreateIndex
CREATE INDEX "IntakeStep_requestId_id_idx" ON "IntakeStep"("requestId", "id");

-- CreateIndex
CREATE UNIQUE INDEX "IntakeThread_requestId_platform_key" ON "IntakeThread"("requestId", "platform");

-- CreateIndex
CREATE INDEX "AuditEntry_entity_entityId_idx" ON "AuditEntry"("entity", "entityId");

-- CreateIndex
CREATE INDEX "AuditEntry_at_idx" ON "AuditEntry"("at");

-- AddForeignKey
ALTER TABLE "IntakeRequest" ADD CONSTRAINT "IntakeRequest_requesterPersonId_fkey" FOREIGN KEY ("requesterPersonId") REFERENCES "Person"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "IntakeRequest" ADD CONSTRAINT "IntakeRequest_agreementId_fkey" FOREIGN KEY ("agreementId") REFERENCES "Agreement"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "IntakeStep" ADD CONSTRAINT "IntakeStep_requestId_fkey" FOREIGN KEY ("requestId") REFERENCES "IntakeRequest"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "IntakeThread" ADD CONSTRAINT "IntakeThread_requestId_fkey" FOREIGN KEY ("requestId") REFERENCES "IntakeRequest"("id") ON DELETE CASCADE ON UPDATE CASCADE;
