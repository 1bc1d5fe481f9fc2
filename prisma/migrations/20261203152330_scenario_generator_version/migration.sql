-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_InterviewQuestion" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "interviewId" TEXT NOT NULL,
    "itemId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "prompt" TEXT NOT NULL,
    "scenarioSeed" INTEGER,
    "difficulty" TEXT,
    "generatorVersion" INTEGER NOT NULL DEFAULT 1,
    "flagged" BOOLEAN NOT NULL DEFAULT false,
    "answer" TEXT NOT NULL DEFAULT '',
    "answerRevision" INTEGER NOT NULL DEFAULT 0,
    "answerSavedAt" DATETIME,
    "grade" TEXT,
    "score" REAL,
    "gradedAt" DATETIME,
    CONSTRAINT "InterviewQuestion_interviewId_fkey" FOREIGN KEY ("interviewId") REFERENCES "Interview" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "InterviewQuestion_itemId_fkey" FOREIGN KEY ("itemId") REFERENCES "Item" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_InterviewQuestion" ("answer", "answerRevision", "answerSavedAt", "difficulty", "flagged", "grade", "gradedAt", "id", "interviewId", "itemId", "position", "prompt", "scenarioSeed", "score") SELECT "answer", "answerRevision", "answerSavedAt", "difficulty", "flagged", "grade", "gradedAt", "id", "interviewId", "itemId", "position", "prompt", "scenarioSeed", "score" FROM "InterviewQuestion";
DROP TABLE "InterviewQuestion";
ALTER TABLE "new_InterviewQuestion" RENAME TO "InterviewQuestion";
CREATE INDEX "InterviewQuestion_itemId_idx" ON "InterviewQuestion"("itemId");
CREATE UNIQUE INDEX "InterviewQuestion_interviewId_position_key" ON "InterviewQuestion"("interviewId", "position");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
