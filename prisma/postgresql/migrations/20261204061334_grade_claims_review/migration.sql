-- AlterTable
ALTER TABLE "GradeOverride" ADD COLUMN     "graderReason" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "phrase" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "reviewReason" TEXT,
ADD COLUMN     "reviewedAt" TIMESTAMP(3),
ADD COLUMN     "reviewedById" TEXT,
ADD COLUMN     "status" TEXT NOT NULL DEFAULT 'pending';

-- CreateIndex
CREATE INDEX "GradeOverride_status_createdAt_idx" ON "GradeOverride"("status", "createdAt");

-- AddForeignKey
ALTER TABLE "GradeOverride" ADD CONSTRAINT "GradeOverride_reviewedById_fkey" FOREIGN KEY ("reviewedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;
