-- AlterTable
ALTER TABLE "ConversationReference" ADD COLUMN     "userId" TEXT;

-- CreateIndex
CREATE INDEX "ConversationReference_platform_userId_idx" ON "ConversationReference"("platform", "userId");
