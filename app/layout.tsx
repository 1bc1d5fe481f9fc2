import type { Metadata } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import { currentUser } from "@/lib/server/auth";
import { timeZoneUnset } from "@/lib/server/study";
import { signOutAction } from "./(auth)/actions";
import { AccountMenu } from "./_components/account-menu";
import { SITE_NAME } from "./_components/page-title";
import { TimeZoneDetector } from "./_components/time-zone-detector";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: SITE_NAME, template: `%s · ${SITE_NAME}` },
  description: "Interview prep for DevOps and SRE candidates: flashcards, timed mock interviews, real packet paths.",
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  const user = await currentUser();
  const detectTimeZone = user ? await timeZoneUnset(user) : false;
  return (
    <html lang="en">
      <body>
        <a className="skip-link" href="#main">
          Skip to content
        </a>
        <header className="site-header">
          <div className="bar">
            <Link href="/" className="brand">
              Hopdrill
            </Link>
            <nav className="site-nav" aria-label="Main">
              <ul>
                <li>
                  <Link href="/sets">Question sets</Link>
                </li>
                <li>
                  <Link href="/stats">Statistics</Link>
                </li>
                <li>
                  <Link href="/interviews/new">Mock interview</Link>
                </li>
                {user?.role === "admin" ? (
                  <li>
                    <Link href="/admin">Admin</Link>
                  </li>
                ) : null}
              </ul>
            </nav>
            <div className="account">
              {user ? (
                <AccountMenu label={user.name ?? user.email}>
                  <p className="muted">
                    Signed in as <strong>{user.email}</strong>
                  </p>
                  <ul>
                    <li>
                      <Link href="/settings">Study settings</Link>
                    </li>
                    <li>
                      <Link href="/interviews">Your mock interviews</Link>
                    </li>
                    <li>
                      <Link href="/account/password">Change password</Link>
                    </li>
                  </ul>
                  <form action={signOutAction}>
                    <button type="submit" className="secondary">
                      Sign out
                    </button>
                  </form>
                </AccountMenu>
              ) : (
                <>
                  <Link href="/sign-in">Sign in</Link>
                  <Link href="/sign-up" className="button">
                    Sign up
                  </Link>
                </>
              )}
            </div>
          </div>
        </header>
        <main id="main">{children}</main>
        {detectTimeZone ? <TimeZoneDetector /> : null}
        <footer className="site-footer">Hopdrill · practise the path every packet takes</footer>
      </body>
    </html>
  );
}
