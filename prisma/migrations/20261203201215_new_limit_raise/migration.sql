-- AlterTable
ALTER TABLE "User" ADD COLUMN "newLimitRaise" INTEGER;
ALTER TABLE "User" ADD COLUMN "newLimitRaiseDay" TEXT;
