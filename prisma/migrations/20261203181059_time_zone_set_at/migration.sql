-- AlterTable
ALTER TABLE "User" ADD COLUMN "timeZoneSetAt" DATETIME;
