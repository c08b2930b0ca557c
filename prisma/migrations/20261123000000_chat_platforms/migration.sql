-- CreateEnum
CREATE TYPE "ConversationKind" AS ENUM ('PERSONAL', 'CHANNEL', 'GROUP');

-- CreateTable
CREATE TABLE "ProcessedDelivery" (
    "platform" "ChatPlatform" NOT NULL,
    "deliveryId" TEXT NOT NULL,
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ProcessedDelivery_pkey" PRIMARY KEY ("platform","deliveryId")
);

-- CreateTable
CREATE TABLE "ConversationReference" (
    "id" SERIAL NOT NULL,
    "platform" "ChatPlatform" NOT NULL,
    "conversationId" TEXT NOT NULL,
    "kind" "ConversationKind" NOT NULL,
    "title" TEXT,
    "reference" JSONB NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ConversationReference_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ProcessedDelivery_receivedAt_idx" ON "ProcessedDelivery"("receivedAt");

-- CreateIndex
CREATE UNIQUE INDEX "ConversationReference_platform_conversationId_key" ON "ConversationReference"("platform", "conversationId");

