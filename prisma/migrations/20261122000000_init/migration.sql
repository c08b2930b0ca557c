-- Fuzzy name matching (AgreementAlias_normalized_trgm_idx). Extensions are database-wide; IF NOT EXISTS keeps replicas and test schemas apart.
CREATE EXTENSION IF NOT EXISTS pg_trgm;


-- CreateEnum
CREATE TYPE "CounterpartyKind" AS ENUM ('MUNICIPALITY', 'REGIONAL_GOVERNMENT', 'COUNTRY', 'CHAMBER_OF_COMMERCE', 'TRADE_OR_INVESTMENT_AGENCY');

-- CreateEnum
CREATE TYPE "AgreementCategory" AS ENUM ('PARTNERSHIP_CITY', 'INTERNATIONAL_PROJECT', 'HISTORICAL', 'OUTSIDE_IAP');

-- CreateEnum
CREATE TYPE "PersonRole" AS ENUM ('COORDINATOR', 'DIVISION_REP', 'STAFF');

-- CreateEnum
CREATE TYPE "ChatPlatform" AS ENUM ('SLACK', 'TEAMS', 'CONSOLE');

-- CreateTable
CREATE TABLE "Division" (
    "id" SERIAL NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "parentCode" TEXT,

    CONSTRAINT "Division_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Person" (
    "id" SERIAL NOT NULL,
    "displayName" TEXT NOT NULL,
    "email" TEXT,
    "role" "PersonRole" NOT NULL DEFAULT 'STAFF',
    "divisionId" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Person_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ChatIdentity" (
    "id" SERIAL NOT NULL,
    "personId" INTEGER NOT NULL,
    "platform" "ChatPlatform" NOT NULL,
    "externalId" TEXT NOT NULL,

    CONSTRAINT "ChatIdentity_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Agreement" (
    "id" SERIAL NOT NULL,
    "slug" TEXT NOT NULL,
    "counterpartyName" TEXT NOT NULL,
    "counterpartyKind" "CounterpartyKind" NOT NULL,
    "city" TEXT,
    "country" TEXT NOT NULL,
    "category" "AgreementCategory" NOT NULL,
    "previousDesignation" TEXT,
    "establishedYear" INTEGER,
    "establishedOn" DATE,
    "termStart" DATE,
    "termEnd" DATE,
    "renewalOption" BOOLEAN,
    "leadDivisionId" INTEGER,
    "contacts" TEXT,
    "notes" TEXT,
    "sources" JSONB NOT NULL DEFAULT '{}',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Agreement_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AgreementAlias" (
    "id" SERIAL NOT NULL,
    "agreementId" INTEGER NOT NULL,
    "alias" TEXT NOT NULL,
    "normalized" TEXT NOT NULL,

    CONSTRAINT "AgreementAlias_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Project" (
    "id" SERIAL NOT NULL,
    "agreementId" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "objective" TEXT,
    "activity" TEXT,
    "measure" TEXT,
    "assignee" TEXT,
    "resources" TEXT,
    "startDate" DATE,
    "endDate" DATE,
    "source" JSONB,

    CONSTRAINT "Project_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Milestone" (
    "id" SERIAL NOT NULL,
    "agreementId" INTEGER NOT NULL,
    "projectId" INTEGER,
    "title" TEXT NOT NULL,
    "dueOn" DATE,
    "doneOn" DATE,
    "source" JSONB,

    CONSTRAINT "Milestone_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Activity" (
    "id" SERIAL NOT NULL,
    "agreementId" INTEGER NOT NULL,
    "year" INTEGER NOT NULL,
    "endYear" INTEGER,
    "occurredOn" DATE,
    "description" TEXT NOT NULL,
    "source" JSONB,

    CONSTRAINT "Activity_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ConversationContext" (
    "key" TEXT NOT NULL,
    "agreementId" INTEGER,
    "lastSources" JSONB NOT NULL DEFAULT '[]',
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ConversationContext_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "Setting" (
    "key" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Setting_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE UNIQUE INDEX "Division_code_key" ON "Division"("code");

-- CreateIndex
CREATE UNIQUE INDEX "Person_email_key" ON "Person"("email");

-- CreateIndex
CREATE UNIQUE INDEX "ChatIdentity_platform_externalId_key" ON "ChatIdentity"("platform", "externalId");

-- CreateIndex
CREATE UNIQUE INDEX "Agreement_slug_key" ON "Agreement"("slug");

-- CreateIndex
CREATE INDEX "Agreement_category_idx" ON "Agreement"("category");

-- CreateIndex
CREATE INDEX "Agreement_country_idx" ON "Agreement"("country");

-- CreateIndex
CREATE INDEX "Agreement_termEnd_idx" ON "Agreement"("termEnd");

-- CreateIndex
CREATE INDEX "AgreementAlias_normalized_idx" ON "AgreementAlias"("normalized");

-- CreateIndex
CREATE INDEX "AgreementAlias_normalized_trgm_idx" ON "AgreementAlias" USING GIN ("normalized" gin_trgm_ops);

-- CreateIndex
CREATE UNIQUE INDEX "AgreementAlias_agreementId_normalized_key" ON "AgreementAlias"("agreementId", "normalized");

-- CreateIndex
CREATE INDEX "Project_agreementId_idx" ON "Project"("agreementId");

-- CreateIndex
CREATE INDEX "Project_endDate_idx" ON "Project"("endDate");

-- CreateIndex
CREATE INDEX "Milestone_agreementId_idx" ON "Milestone"("agreementId");

-- CreateIndex
CREATE INDEX "Milestone_dueOn_idx" ON "Milestone"("dueOn");

-- CreateIndex
CREATE INDEX "Activity_agreementId_year_idx" ON "Activity"("agreementId", "year");

-- AddForeignKey
ALTER TABLE "Person" ADD CONSTRAINT "Person_divisionId_fkey" FOREIGN KEY ("divisionId") REFERENCES "Division"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ChatIdentity" ADD CONSTRAINT "ChatIdentity_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Agreement" ADD CONSTRAINT "Agreement_leadDivisionId_fkey" FOREIGN KEY ("leadDivisionId") REFERENCES "Division"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AgreementAlias" ADD CONSTRAINT "AgreementAlias_agreementId_fkey" FOREIGN KEY ("agreementId") REFERENCES "Agreement"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Project" ADD CONSTRAINT "Project_agreementId_fkey" FOREIGN KEY ("agreementId") REFERENCES "Agreement"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Milestone" ADD CONSTRAINT "Milestone_agreementId_fkey" FOREIGN KEY ("agreementId") REFERENCES "Agreement"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Milestone" ADD CONSTRAINT "Milestone_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Activity" ADD CONSTRAINT "Activity_agreementId_fkey" FOREIGN KEY ("agreementId") REFERENCES "Agreement"("id") ON DELETE CASCADE ON UPDATE CASCADE;

