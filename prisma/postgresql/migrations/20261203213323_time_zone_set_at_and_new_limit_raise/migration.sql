-- AlterTable
ALTER TABLE "User" ADD COLUMN     "newLimitRaise" INTEGER,
ADD COLUMN     "newLimitRaiseDay" TEXT,
ADD COLUMN     "timeZoneSetAt" TIMESTAMP(3);
