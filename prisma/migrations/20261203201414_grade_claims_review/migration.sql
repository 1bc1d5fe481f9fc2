-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_GradeOverride" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "questionId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "conceptId" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "phrase" TEXT NOT NULL DEFAULT '',
    "graderReason" TEXT NOT NULL DEFAULT '',
    "reviewReason" TEXT,
    "reviewedAt" DATETIME,
    "reviewedById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "GradeOverride_questionId_fkey" FOREIGN KEY ("questionId") REFERENCES "InterviewQuestion" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "GradeOverride_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "GradeOverride_reviewedById_fkey" FOREIGN KEY ("reviewedById") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_GradeOverride" ("conceptId", "createdAt", "id", "questionId", "userId") SELECT "conceptId", "createdAt", "id", "questionId", "userId" FROM "GradeOverride";
DROP TABLE "GradeOverride";
ALTER TABLE "new_GradeOverride" RENAME TO "GradeOverride";
CREATE INDEX "GradeOverride_status_createdAt_idx" ON "GradeOverride"("status", "createdAt");
CREATE UNIQUE INDEX "GradeOverride_questionId_conceptId_key" ON "GradeOverride"("questionId", "conceptId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
