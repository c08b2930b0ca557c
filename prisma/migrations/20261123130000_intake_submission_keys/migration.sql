-- AlterTable
ALTER TABLE "IntakeRequest" ADD COLUMN     "submissionKey" TEXT;

-- AlterTable
ALTER TABLE "IntakeStep" ADD COLUMN     "submissionKey" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "IntakeRequest_submissionKey_key" ON "IntakeRequest"("submissionKey");

-- CreateIndex
CREATE UNIQUE INDEX "IntakeStep_submissionKey_key" ON "IntakeStep"("submissionKey");
